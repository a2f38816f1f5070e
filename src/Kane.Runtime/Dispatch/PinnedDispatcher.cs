namespace Kane.Dispatch;

/// <summary>
/// Gives every actor its own dedicated thread, for actors that block (legacy I/O, native calls). The thread ends when
/// the actor stops.
/// </summary>
public sealed class PinnedDispatcher(string id, int throughput) : MessageDispatcher(id, throughput)
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Mailbox, PinnedThread> _threads = new();

    internal override void Attach(Mailbox mailbox) => _threads.Add(mailbox, new PinnedThread(mailbox, Id));

    internal override void Execute(Mailbox mailbox)
    {
        if (_threads.TryGetValue(mailbox, out var thread)) thread.Signal();
        else ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
    }

    internal override void Detach(Mailbox mailbox)
    {
        if (_threads.TryGetValue(mailbox, out var thread))
        {
            _threads.Remove(mailbox);
            thread.Stop();
        }
    }

    internal override void Shutdown()
    {
        foreach (var (_, thread) in _threads) thread.Stop();
        _threads.Clear();
    }

    private sealed class PinnedThread
    {
        private readonly Mailbox _mailbox;
        private readonly SemaphoreSlim _signal = new(0);
        private volatile bool _stopped;

        public PinnedThread(Mailbox mailbox, string dispatcherId)
        {
            _mailbox = mailbox;
            new Thread(Loop) { IsBackground = true, Name = $"{dispatcherId}-pinned" }.Start();
        }

        public void Signal() => _signal.Release();

        public void Stop()
        {
            _stopped = true;
            _signal.Release();
        }

        private void Loop()
        {
            while (true)
            {
                _signal.Wait();
                if (_stopped) return;
                _mailbox.Run();
            }
        }
    }
}
