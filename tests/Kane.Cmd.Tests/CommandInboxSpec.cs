using Kane.Actor;

namespace Kane.Cmd.Tests;

public sealed class CommandInboxSpec
{
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef target, TaskCompletionSource stopped)
        {
            Context.Watch(target);
            Receive<Terminated>(_ => stopped.TrySetResult());
        }
    }

    [Fact]
    public async Task Messages_told_to_the_inbox_stream_to_the_client_and_the_inbox_stops_when_the_client_hangs_up()
    {
        await using var node = new TestNode();
        var lines = new List<string>();
        IActorRef inbox;
        await using (var frames = node.Client().RunAsync("test", "inbox").GetAsyncEnumerator())
        {
            var first = frames.MoveNextAsync();
            inbox = await node.InboxRef.Task.WaitAsync(TimeSpan.FromSeconds(30));
            inbox.Tell("member up");
            inbox.Tell(42); // not a string: dead letters, not the stream
            inbox.Tell("member left");
            Assert.True(await first);
            lines.Add(frames.Current.Text!);
            Assert.True(await frames.MoveNextAsync());
            lines.Add(frames.Current.Text!);
        }
        Assert.Equal(["member up", "member left"], lines);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.System.ActorOf(Props.Create(() => new Watcher(inbox, stopped)));
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
