using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Pattern;

/// <summary>Stop an actor and wait until it has really stopped (PostStop ran, children gone).</summary>
public static class GracefulStopExtensions
{
    /// <summary>
    /// Sends <paramref name="stopMessage"/> (default <see cref="PoisonPill"/>) and completes with true once the actor has
    /// stopped, or with false if it is still running after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout, object? stopMessage = null)
    {
        if (target is not InternalActorRef internalRef)
            throw new ArgumentException($"Cannot stop {target}: it is not a reference created by an actor system.", nameof(target));
        var watcher = new StopWatcher(internalRef);
        internalRef.SendSystemMessage(new Watch(internalRef, watcher));
        target.Tell(stopMessage ?? PoisonPill.Instance, ActorRefs.NoSender);
        var finished = await Task.WhenAny(watcher.Stopped, Delay(internalRef.System, timeout)).ConfigureAwait(false);
        if (finished == watcher.Stopped) return true;
        internalRef.SendSystemMessage(new Unwatch(internalRef, watcher));
        return false;
    }

    private static Task Delay(ActorSystem system, TimeSpan timeout)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.Scheduler.ScheduleOnce(timeout, () => tcs.TrySetResult());
        return tcs.Task;
    }

    /// <summary>A one-off watcher: completes when the watched actor's death notification arrives.</summary>
    private sealed class StopWatcher(InternalActorRef target) : InternalActorRef
    {
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Stopped => _stopped.Task;

        public override ActorPath Path { get; } = (ActorPath.Root(target.System.Address) / "temp").Child("$stop-watcher-" + target.Path.Name);

        public override InternalActorRef? Parent => null;

        public override ActorSystem System => target.System;

        public override bool IsLocal => true;

        public override bool IsTerminated => _stopped.Task.IsCompleted;

        public override void Tell(object message, IActorRef? sender) { }

        public override void SendSystemMessage(SystemMessage message)
        {
            if (message is DeathWatchNotification d && d.Actor.Equals(target)) _stopped.TrySetResult();
        }
    }
}
