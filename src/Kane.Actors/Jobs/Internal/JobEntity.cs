using Kane.Actor;
using Kane.Persistence.Serialization;

namespace Kane.Actors.Internal;

// CONTRACT SKELETON — replaced by H1 (jobs).
internal sealed class JobEntity
{
    public static Props Props(string jobId, KaneAgentsSettings settings) => throw new NotImplementedException("JobEntity is being built");

    public static void RegisterEvents(EventSerializerRegistry registry) { }
}
