namespace Kane.Dispatch;

/// <summary>The default dispatcher: mailbox turns run as .NET thread-pool work items.</summary>
public sealed class ThreadPoolDispatcher(string id, int throughput) : MessageDispatcher(id, throughput)
{
    internal override void Execute(Mailbox mailbox) => ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
}
