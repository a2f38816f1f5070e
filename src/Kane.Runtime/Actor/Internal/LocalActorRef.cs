using Kane.Actor;
using Kane.Dispatch;

namespace Kane.Actor.Internal;

/// <summary>A reference to an actor in this process: a send goes straight into its mailbox.</summary>
/// <remarks>
/// A child's <see cref="Path"/> is made from its parent's on first use: an idle actor that nobody asked for its path
/// (most sharded entities) keeps its name and uid here and no path object (40 bytes and an object less per actor).
/// </remarks>
public sealed class LocalActorRef : InternalActorRef
{
    private ActorPath? _path;

    internal LocalActorRef(ActorCell cell, ActorPath path)
    {
        Cell = cell;
        _path = path;
        Name = path.Name;
        Uid = path.Uid;
    }

    /// <summary>A child's ref, whose path is its parent's path with <paramref name="name"/> and <paramref name="uid"/>.</summary>
    internal LocalActorRef(ActorCell cell, string name, int uid)
    {
        Cell = cell;
        Name = name;
        Uid = uid;
    }

    internal ActorCell Cell { get; }

    /// <summary>The path's name, without making the path.</summary>
    internal string Name { get; }

    /// <summary>The path's uid, without making the path.</summary>
    internal int Uid { get; }

    public override ActorPath Path => _path ?? MakePath();

    private ActorPath MakePath()
    {
        var path = Cell.ParentRef.Path.Child(Name, Uid);
        return Interlocked.CompareExchange(ref _path, path, null) ?? path;
    }

    public override InternalActorRef? Parent => Cell.ParentRef;

    public override ActorSystem System => Cell.System;

    public override bool IsLocal => true;

    public override bool IsTerminated => Cell.Mailbox.IsClosed;

    /// <summary>Messages waiting in the actor's mailbox (approximate).</summary>
    public int MailboxCount => Cell.Mailbox.Count;

    /// <summary>How busy the actor looks: twice its queue length, plus one while it is processing or suspended.</summary>
    internal long LoadScore => 2L * Cell.Mailbox.Count + (Cell.Mailbox.IsScheduled || Cell.Mailbox.IsSuspended ? 1 : 0);

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.Mailbox.Tell(message, sender);
    }

    public override void SendSystemMessage(SystemMessage message) => Cell.Mailbox.PostSystem(message);

    public override InternalActorRef? GetChild(string name) => Cell.GetChildByName(name);
}
