using System.Text;

namespace Kane.Actor;

/// <summary>
/// The unique name of an actor in the hierarchy, e.g. <c>kane://kane/user/parent/child</c>. Paths compare by address
/// and element names; the incarnation <see cref="Uid"/> tells apart actors that reused a name and is ignored by equality.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>, IComparable<ActorPath>
{
    private string? _text;

    private ActorPath(Address address, ActorPath? parent, string name, int uid)
    {
        Address = address;
        Parent = parent;
        Name = name;
        Uid = uid;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>The root path of a system: <c>kane://kane/</c>.</summary>
    public static ActorPath Root(Address address) => new(address, null, "/", 0);

    public Address Address { get; }

    /// <summary>The parent path, or null for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element; "/" for the root.</summary>
    public string Name { get; }

    /// <summary>The incarnation of the actor at this path; 0 when unknown.</summary>
    public int Uid { get; }

    /// <summary>Number of elements below the root.</summary>
    public int Depth { get; }

    public ActorPath RootPath => Parent is null ? this : Parent.RootPath;

    /// <summary>The path of a child with the given name.</summary>
    public ActorPath Child(string name, int uid = 0) => new(Address, this, name, uid);

    public static ActorPath operator /(ActorPath path, string name) => path.Child(name);

    /// <summary>The same path carrying a different incarnation uid.</summary>
    public ActorPath WithUid(int uid) => uid == Uid ? this : new ActorPath(Address, Parent, Name, uid);

    /// <summary>The names below the root, e.g. ["user", "a"].</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new string[Depth];
            for (var p = this; p.Parent is not null; p = p.Parent) elements[p.Depth - 1] = p.Name;
            return elements;
        }
    }

    /// <summary>The path without the address part: <c>/user/a</c>.</summary>
    public string ToStringWithoutAddress()
    {
        if (Parent is null) return "/";
        var sb = new StringBuilder();
        foreach (var e in Elements) sb.Append('/').Append(e);
        return sb.ToString();
    }

    /// <summary>The full path with the uid suffix (<c>#123</c>) when known, the form used on the wire.</summary>
    public string ToSerializationFormat() => Uid == 0 ? ToString() : $"{this}#{Uid}";

    public override string ToString() => _text ??= Address + ToStringWithoutAddress();

    /// <summary>Parses <c>protocol://system[@host:port]/a/b[#uid]</c>.</summary>
    public static ActorPath Parse(string text)
    {
        if (!TryParse(text, out var path))
            throw new FormatException($"'{text}' is not an actor path. Expected e.g. kane://kane/user/a or kane.tcp://kane@host:4053/user/a.");
        return path;
    }

    public static bool TryParse(string text, out ActorPath path)
    {
        path = null!;
        if (!Address.TryParse(text, out var address, out _)) return false;
        var afterScheme = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var slash = text.IndexOf('/', afterScheme);
        var uid = 0;
        var pathPart = slash < 0 ? "" : text[slash..];
        var hash = pathPart.IndexOf('#');
        if (hash >= 0)
        {
            if (!int.TryParse(pathPart[(hash + 1)..], out uid)) return false;
            pathPart = pathPart[..hash];
        }
        var current = Root(address);
        foreach (var element in pathPart.Split('/', StringSplitOptions.RemoveEmptyEntries)) current = current.Child(element);
        path = current.WithUid(uid);
        return true;
    }

    public bool Equals(ActorPath? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || Depth != other.Depth) return false;
        for (ActorPath? a = this, b = other; a is not null && b is not null; a = a.Parent, b = b.Parent)
        {
            if (ReferenceEquals(a, b)) return true;
            if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal)) return false;
            if (a.Parent is null) return a.Address == b.Address;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is ActorPath p && Equals(p);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var p = this; p is not null; p = p.Parent)
        {
            if (p.Parent is null) hash.Add(p.Address);
            else hash.Add(p.Name, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    public int CompareTo(ActorPath? other) => other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    public static bool operator ==(ActorPath? a, ActorPath? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(ActorPath? a, ActorPath? b) => !(a == b);
}
