using Kane.Actor;
using Kane.Persistence.Serialization;

namespace Kane.Actors.Internal;

// CONTRACT SKELETON — replaced by H1 (jobs).
internal sealed class ClusterCoordinator
{
    public static Props Props(KaneAgentsSettings settings) => throw new NotImplementedException("ClusterCoordinator is being built");

    public static void RegisterEvents(EventSerializerRegistry registry) { }
}
