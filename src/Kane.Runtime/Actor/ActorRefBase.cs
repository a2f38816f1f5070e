namespace Kane.Actor;

/// <summary>Equality, ordering and formatting shared by every reference: two refs are equal when path and uid are.</summary>
public abstract class ActorRefBase : IActorRef
{
    public abstract ActorPath Path { get; }

    public abstract void Tell(object message, IActorRef? sender);

    // One LocalActorRef exists per actor incarnation, so two of them are equal only if they are the same object; deciding
    // that without the paths keeps an actor that was never asked for its path without one (LocalActorRef).
    public bool Equals(IActorRef? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (!(this is Internal.LocalActorRef && other is Internal.LocalActorRef) && Path.Uid == other.Path.Uid && Path.Equals(other.Path)));

    public override bool Equals(object? obj) => obj is IActorRef r && Equals(r);

    public override int GetHashCode() => Path.Uid == 0 ? Path.GetHashCode() : HashCode.Combine(Path.Uid, Path.Name);

    public int CompareTo(IActorRef? other)
    {
        if (other is null) return 1;
        var c = Path.CompareTo(other.Path);
        return c != 0 ? c : Path.Uid.CompareTo(other.Path.Uid);
    }

    public override string ToString() => $"[{Path}#{Path.Uid}]";
}
