using System.Collections.Concurrent;
using System.Diagnostics;
using Kane.Actor;
using Kane.Actor.Internal;
using Xunit.Sdk;

namespace Kane.TestKit;

/// <summary>
/// An actor that records what it receives, with blocking expectations on it. Every expectation takes an optional
/// timeout (default <see cref="DefaultTimeout"/>, stretched by <see cref="TestTime.Factor"/>) and fails the test with a
/// message saying what arrived instead.
/// </summary>
public class TestProbe
{
    private readonly BlockingCollection<(object Message, IActorRef Sender)> _queue = new();
    private IActorRef _lastSender;

    public TestProbe(ActorSystem system, string? name = null, TimeSpan? defaultTimeout = null)
    {
        System = system;
        DefaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(3);
        _lastSender = system.DeadLetters;
        Ref = ((ActorSystemImpl)system).SystemActorOf(Props.Create(() => new ProbeActor(_queue)), name ?? $"testProbe-{Guid.NewGuid():N}");
    }

    public ActorSystem System { get; }

    /// <summary>The probe's reference: send to it, or pass it as a sender.</summary>
    public IActorRef Ref { get; }

    /// <summary>Timeout of expectations that do not give one.</summary>
    public TimeSpan DefaultTimeout { get; set; }

    /// <summary>The sender of the last message taken by an expectation.</summary>
    public IActorRef LastSender => _lastSender;

    /// <summary>Messages received and not yet taken by an expectation.</summary>
    public int PendingCount => _queue.Count;

    /// <summary>Sends a message to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Answers the sender of the last message taken.</summary>
    public void Reply(object message) => _lastSender.Tell(message, Ref);

    /// <summary>Forwards the last message taken to <paramref name="target"/>, keeping its sender.</summary>
    public void Forward(IActorRef target, object message) => target.Tell(message, _lastSender);

    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(_ => true, timeout, null);

    /// <summary>Expects a message equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) where T : notnull =>
        ExpectMsg<T>(m => Equals(m, expected), timeout, $"equal to {expected}");

    /// <summary>Expects a <typeparamref name="T"/> that satisfies <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null, string? hint = null)
    {
        var (message, sender) = Take(timeout, $"a {typeof(T).Name}{(hint is null ? "" : " " + hint)}");
        if (message is not T typed)
            throw new XunitException($"Expected a {typeof(T).Name}{(hint is null ? "" : " " + hint)} but received {Describe(message)} from {sender.Path}.");
        if (!predicate(typed))
            throw new XunitException($"Received {Describe(message)} from {sender.Path}, which does not match the expectation{(hint is null ? "" : " (" + hint + ")")}.");
        return typed;
    }

    /// <summary>Expects a message from <paramref name="sender"/>.</summary>
    public T ExpectMsgFrom<T>(IActorRef sender, TimeSpan? timeout = null)
    {
        var message = ExpectMsg<T>(timeout);
        if (!_lastSender.Equals(sender))
            throw new XunitException($"Expected {Describe(message!)} from {sender.Path} but it came from {_lastSender.Path}.");
        return message;
    }

    /// <summary>Expects one of several message types; returns the message.</summary>
    public object ExpectMsgAnyOf(TimeSpan? timeout, params Type[] types)
    {
        var (message, sender) = Take(timeout, $"one of {string.Join(", ", types.Select(t => t.Name))}");
        if (!types.Any(t => t.IsInstanceOfType(message)))
            throw new XunitException($"Expected one of {string.Join(", ", types.Select(t => t.Name))} but received {Describe(message)} from {sender.Path}.");
        return message;
    }

    /// <summary>Asserts that nothing arrives for <paramref name="duration"/> (real time).</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        if (_queue.TryTake(out var item, duration))
            throw new XunitException($"Expected no message for {duration.TotalMilliseconds:0} ms but received {Describe(item.Message)} from {item.Sender.Path}.");
    }

    /// <summary>Takes the next <paramref name="n"/> messages, whatever they are.</summary>
    public IReadOnlyList<object> ReceiveN(int n, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var given = timeout ?? DefaultTimeout;
        var total = TestTime.Dilated(given);
        var messages = new List<object>(n);
        while (messages.Count < n)
        {
            var left = total - deadline.Elapsed;
            if (left < TimeSpan.Zero || !_queue.TryTake(out var item, left))
                throw new XunitException($"Expected {n} messages within {TestTime.Describe(given)} but received {messages.Count}: {string.Join(", ", messages.Select(Describe))}.");
            _lastSender = item.Sender;
            messages.Add(item.Message);
        }
        return messages;
    }

    /// <summary>Takes messages until one satisfies <paramref name="isTarget"/>, skipping the others.</summary>
    public object FishForMessage(Predicate<object> isTarget, TimeSpan? timeout = null, string? hint = null)
    {
        var watch = Stopwatch.StartNew();
        var given = timeout ?? DefaultTimeout;
        var total = TestTime.Dilated(given);
        var skipped = new List<object>();
        while (true)
        {
            var left = total - watch.Elapsed;
            if (left < TimeSpan.Zero || !_queue.TryTake(out var item, left))
                throw new XunitException($"Fished for {hint ?? "a matching message"} for {TestTime.Describe(given)} without success; skipped: {string.Join(", ", skipped.Select(Describe))}.");
            _lastSender = item.Sender;
            if (isTarget(item.Message)) return item.Message;
            skipped.Add(item.Message);
        }
    }

    /// <summary>Typed <see cref="FishForMessage(Predicate{object}, TimeSpan?, string?)"/>.</summary>
    public T FishForMessage<T>(Predicate<T> isTarget, TimeSpan? timeout = null) =>
        (T)FishForMessage(m => m is T t && isTarget(t), timeout, $"a matching {typeof(T).Name}");

    /// <summary>Watches <paramref name="actor"/> with this probe.</summary>
    public IActorRef Watch(IActorRef actor)
    {
        // Sent to the probe itself, which registers the watch as any actor's Context.Watch would.
        if (actor is InternalActorRef target) ((InternalActorRef)Ref).SendSystemMessage(new Watch(target, (InternalActorRef)Ref));
        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        if (actor is InternalActorRef target) ((InternalActorRef)Ref).SendSystemMessage(new Unwatch(target, (InternalActorRef)Ref));
        return actor;
    }

    /// <summary>Expects the <see cref="Terminated"/> of a watched actor.</summary>
    public Terminated ExpectTerminated(IActorRef actor, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(actor), timeout, $"for {actor.Path}");

    /// <summary>Runs <paramref name="block"/> and fails unless it took between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> block)
    {
        var watch = Stopwatch.StartNew();
        var result = block();
        var took = watch.Elapsed;
        if (took < min || took > TestTime.Dilated(max))
            throw new XunitException($"Block took {took.TotalMilliseconds:0} ms, outside the expected {min.TotalMilliseconds:0} ms..{TestTime.Describe(max)}.");
        return result;
    }

    public void Within(TimeSpan max, Action block) => Within(TimeSpan.Zero, max, () => { block(); return true; });

    /// <summary>Retries <paramref name="assertion"/> until it passes or <paramref name="duration"/> is over (then rethrows).</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var watch = Stopwatch.StartNew();
        var total = TestTime.Dilated(duration ?? DefaultTimeout);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (watch.Elapsed < total)
            {
                Thread.Sleep(interval ?? TimeSpan.FromMilliseconds(10));
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails after <paramref name="max"/>.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, string? message = null)
    {
        var watch = Stopwatch.StartNew();
        var given = max ?? DefaultTimeout;
        var total = TestTime.Dilated(given);
        while (!condition())
        {
            if (watch.Elapsed > total)
                throw new XunitException($"Condition {(message is null ? "" : "'" + message + "' ")}not met within {TestTime.Describe(given)}.");
            Thread.Sleep(5);
        }
    }

    private (object Message, IActorRef Sender) Take(TimeSpan? timeout, string expectation)
    {
        var given = timeout ?? DefaultTimeout;
        if (!_queue.TryTake(out var item, TestTime.Dilated(given)))
            throw new XunitException($"Timeout ({TestTime.Describe(given)}) while waiting for {expectation}.");
        _lastSender = item.Sender;
        return item;
    }

    private static string Describe(object message) => $"{message.GetType().Name} {{{message}}}";

    private sealed class ProbeActor(BlockingCollection<(object, IActorRef)> queue) : ActorBase
    {
        protected override bool Receive(object message)
        {
            queue.Add((message, Sender));
            return true;
        }
    }
}
