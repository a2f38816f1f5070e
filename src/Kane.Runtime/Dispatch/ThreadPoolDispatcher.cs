namespace Kane.Dispatch;

/// <summary>Mailbox turns run as .NET thread-pool work items, sharing the pool with tasks and I/O callbacks.</summary>
public sealed class ThreadPoolDispatcher(string id, int throughput) : MessageDispatcher(id, throughput)
{
    internal override void Execute(Mailbox mailbox) => ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
}
