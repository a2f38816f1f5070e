using Kane.Actors;
using Kane.Organize.Handlers;

namespace Kane.Node.Handlers;

/// <summary>The task handlers every Kane.Node runs (noop, sleep and the seven organize handlers): the one place where a built-in handler is added.</summary>
internal static class NodeHandlers
{
    public static TaskHandlerRegistry Create() =>
        new TaskHandlerRegistry()
            .Register(new NoopHandler())
            .Register(new SleepHandler())
            .RegisterOrganize();
}
