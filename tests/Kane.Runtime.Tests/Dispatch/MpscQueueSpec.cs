using Kane.Dispatch;

namespace Kane.Runtime.Tests.Dispatch;

public sealed class MpscQueueSpec
{
    [Fact]
    public void Concurrent_producers_lose_nothing_and_keep_their_own_order()
    {
        Envelope? head = null, tail = null;
        const int producers = 3, perProducer = 200_000;
        var started = new Barrier(producers + 1);
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            started.SignalAndWait();
            for (var i = 0; i < perProducer; i++) MpscQueue.Enqueue(ref head, ref tail, new Envelope((p, i), null));
        })).ToList();
        threads.ForEach(t => t.Start());
        started.SignalAndWait();
        var next = new int[producers];
        var received = 0;
        while (received < producers * perProducer)
        {
            var e = MpscQueue.TryDequeue(ref head, ref tail);
            if (e is null)
            {
                Thread.SpinWait(10);
                continue;
            }
            var (p, i) = ((int, int))e.Message;
            Assert.Equal(next[p], i);
            next[p]++;
            received++;
        }
        threads.ForEach(t => t.Join());
        Assert.Null(MpscQueue.TryDequeue(ref head, ref tail));
        Assert.All(next, n => Assert.Equal(perProducer, n));
    }

    [Fact]
    public void An_emptied_queue_holds_no_nodes()
    {
        Envelope? head = null, tail = null;
        MpscQueue.Enqueue(ref head, ref tail, new Envelope("a", null));
        MpscQueue.Enqueue(ref head, ref tail, new Envelope("b", null));
        Assert.Equal("a", MpscQueue.TryDequeue(ref head, ref tail)!.Message);
        Assert.Equal("b", MpscQueue.TryDequeue(ref head, ref tail)!.Message);
        Assert.Null(head);
        Assert.Null(tail);
    }
}
