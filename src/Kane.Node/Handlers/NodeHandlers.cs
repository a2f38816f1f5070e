using Kane.Actors;

namespace Kane.Node.Handlers;

/// <summary>The task handlers every Kane.Node runs: the one place where a built-in handler is added.</summary>
internal static class NodeHandlers
{
    public static TaskHandlerRegistry Create() =>
        new TaskHandlerRegistry()
            .Register(new NoopHandler())
            .Register(new SleepHandler());
}
