using Kane.Actor;
using Kane.Persistence.Serialization;

namespace Kane.Actors.Internal;

// CONTRACT SKELETON — replaced by H2 (agents).
internal sealed class NodeCoordinator
{
    public static Props Props(KaneAgentsSettings settings, TaskHandlerRegistry handlers) => throw new NotImplementedException("NodeCoordinator is being built");
}
