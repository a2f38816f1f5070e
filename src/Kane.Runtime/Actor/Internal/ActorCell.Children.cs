using Kane.Dispatch;

namespace Kane.Actor.Internal;

internal sealed partial class ActorCell
{
    private ChildRegistry? _children;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null) name = NewChildName();
        else ValidateName(name);
        return _system.CreateCell(props, this, name).Self;
    }

    public ActorSelection ActorSelection(string path) => Kane.Actor.ActorSelection.Create(_system, Self, path);

    public IActorRef? Child(string name) => GetChildByName(name);

    public IEnumerable<IActorRef> GetChildren() => ChildrenSnapshot();

    internal LocalActorRef? GetChildByName(string name)
    {
        var children = Volatile.Read(ref _children);
        if (children is null) return null;
        lock (children) return children.Get(name);
    }

    internal IReadOnlyList<LocalActorRef> ChildrenSnapshot()
    {
        var children = Volatile.Read(ref _children);
        if (children is null) return [];
        lock (children) return children.ToArray();
    }

    private int ChildCount
    {
        get
        {
            var children = Volatile.Read(ref _children);
            if (children is null) return 0;
            lock (children) return children.Count;
        }
    }

    /// <summary>Registers a new child under its name; fails if the name is taken or this actor is stopping.</summary>
    internal void ReserveChild(string name, LocalActorRef child)
    {
        var children = Children;
        lock (children)
        {
            if (IsTerminating)
                throw new IllegalStateException($"Cannot create child '{name}': {Self.Path} is stopping.");
            if (!children.TryAdd(child))
                throw new InvalidActorNameException($"Actor name '{name}' is not unique under {Self.Path}: a child with that name is still alive. Stop it and wait for Terminated, or pick another name.");
        }
    }

    /// <summary>The registry, made on first use: most actors never have a child.</summary>
    private ChildRegistry Children
    {
        get
        {
            var children = Volatile.Read(ref _children);
            if (children is not null) return children;
            Interlocked.CompareExchange(ref _children, new ChildRegistry(), null);
            return _children!;
        }
    }

    private bool RemoveChild(IActorRef child)
    {
        var children = Volatile.Read(ref _children);
        if (children is null) return false;
        lock (children) return children.Remove(child);
    }

    public void Stop(IActorRef actor)
    {
        if (actor is not InternalActorRef target) return;
        if (target.Parent is { } p && p.Equals(Self) && GetChildByName(target.Path.Name) is { } child && child.Path.Uid == target.Path.Uid)
            (Extras.StoppingChildren ??= []).Add(target);
        target.Stop();
    }

    private string NewChildName()
    {
        // Base-32 like Akka's "$a", "$b", ...: short, unique per parent, never chosen by users (names cannot start with $).
        // The counter lives in the registry, which a parent of generated names needs anyway: a field less per actor.
        var n = Interlocked.Increment(ref Children.NextName);
        Span<char> buffer = stackalloc char[16];
        var i = buffer.Length;
        do
        {
            buffer[--i] = "abcdefghijklmnopqrstuvwxyz012345"[(int)(n & 31)];
            n >>= 5;
        }
        while (n > 0);
        buffer[--i] = '$';
        return new string(buffer[i..]);
    }

    internal static void ValidateName(string name)
    {
        if (name.Length == 0)
            throw new InvalidActorNameException("Actor name must not be empty.");
        if (name[0] == '$')
            throw new InvalidActorNameException($"Actor name '{name}' must not start with '$' (reserved for generated names).");
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c) || "-_.*$+:@&=,!~';()".Contains(c)) continue;
            throw new InvalidActorNameException($"Actor name '{name}' contains '{c}'. Use letters, digits and -_.*$+:@&=,!~';() only.");
        }
    }

    /// <summary>A child has stopped: forget it, and finish a stop or restart that was waiting for it.</summary>
    private void HandleChildTerminated(IActorRef child)
    {
        _extras?.StoppingChildren?.Remove(child);
        if ((_state & StateTerminating) != 0)
        {
            if (ChildCount == 0) FinishTerminate();
            return;
        }
        if (_extras?.PendingRestartCause is { } cause && (_extras.StoppingChildren is null || _extras.StoppingChildren.Count == 0))
        {
            _extras.PendingRestartCause = null;
            FinishRecreate(cause);
        }
    }

    private void SuspendChildren()
    {
        foreach (var child in ChildrenSnapshot())
            if (_extras?.StoppingChildren?.Contains(child) != true) child.SendSystemMessage(new Suspend());
    }

    private void ResumeChildren(Exception? cause)
    {
        foreach (var child in ChildrenSnapshot())
            if (_extras?.StoppingChildren?.Contains(child) != true) child.SendSystemMessage(new Resume(cause));
    }
}
