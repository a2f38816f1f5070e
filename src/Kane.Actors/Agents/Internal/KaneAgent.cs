using Kane.Actor;
using Kane.Persistence.Serialization;

namespace Kane.Actors.Internal;

// CONTRACT SKELETON — replaced by H2 (agents).
internal sealed class KaneAgent
{
    public static Props Props(string agentId, KaneAgentsSettings settings, TaskHandlerRegistry handlers) => throw new NotImplementedException("KaneAgent is being built");

    public static void RegisterEvents(EventSerializerRegistry registry) { }
}
