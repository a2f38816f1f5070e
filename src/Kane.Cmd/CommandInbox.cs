using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Kane.Actor;

namespace Kane.Cmd;

/// <summary>
/// An actor ref whose messages of type <typeparamref name="T"/> a streaming handler reads as an async sequence: give
/// <see cref="Ref"/> to whatever publishes (the event stream, a cluster subscription) and enumerate
/// <see cref="ReadAllAsync"/>. Bounded: when the handler falls behind by <c>capacity</c> messages, newer ones go to
/// dead letters. The actor stops when the command ends.
/// </summary>
public sealed class CommandInbox<T>
{
    private readonly Channel<T> _channel;
    private readonly CancellationToken _cancelled;

    internal CommandInbox(ActorSystem system, int capacity, CancellationToken cancelled)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _cancelled = cancelled;
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });
        var writer = _channel.Writer;
        var deadLetters = system.DeadLetters;
        Ref = ((Actor.Internal.ActorSystemImpl)system).SystemActorOf(Props.Create(() => new InboxActor(writer, deadLetters)));
        cancelled.Register(() => Ref.Tell(PoisonPill.Instance));
    }

    public IActorRef Ref { get; }

    /// <summary>The messages in arrival order, until the command is cancelled (then the sequence just ends).</summary>
    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(_cancelled, ct);
        while (true)
        {
            T item;
            try
            {
                if (!await _channel.Reader.WaitToReadAsync(both.Token).ConfigureAwait(false)) yield break;
                if (!_channel.Reader.TryRead(out item!)) continue;
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            yield return item;
        }
    }

    private sealed class InboxActor : ReceiveActor
    {
        public InboxActor(ChannelWriter<T> writer, IActorRef deadLetters) =>
            ReceiveAny(message =>
            {
                if (message is T item && writer.TryWrite(item)) return;
                deadLetters.Tell(message, Sender);
            });
    }
}
