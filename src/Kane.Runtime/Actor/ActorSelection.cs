using Kane.Actor.Internal;

namespace Kane.Actor;

/// <summary>
/// Actors addressed by path rather than by reference, e.g. <c>/user/workers/*</c>. A message sent to a selection is
/// delivered to every actor that matches when it arrives; <c>*</c> matches any characters of one element, <c>?</c>
/// one character, and <c>..</c> goes to the parent. Use <see cref="ResolveOne"/> to get a reference.
/// </summary>
public sealed class ActorSelection
{
    internal ActorSelection(IActorRef anchor, string[] elements)
    {
        Anchor = anchor;
        Elements = elements;
    }

    /// <summary>The actor the path is relative to.</summary>
    public IActorRef Anchor { get; }

    public IReadOnlyList<string> Elements { get; }

    internal static ActorSelection Create(ActorSystemImpl system, IActorRef relativeTo, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains("://", StringComparison.Ordinal))
        {
            var parsed = ActorPath.Parse(path);
            if (parsed.Address == system.Address) return new ActorSelection(system.RootGuardian, [.. parsed.Elements]);
            if (system.Remote is not { } remote)
                throw new ArgumentException($"'{path}' is on another system ({parsed.Address}); this system ({system.Address}) has no remoting to reach it.");
            // The selection travels to the other system's root, which walks it down there.
            return new ActorSelection(remote.ResolveRemote(parsed.RootPath), [.. parsed.Elements]);
        }
        var elements = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return path.StartsWith('/') ? new ActorSelection(system.RootGuardian, elements) : new ActorSelection(relativeTo, elements);
    }

    /// <summary>Sends to every matching actor.</summary>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Anchor.Tell(new ActorSelectionMessage(message, (string[])Elements, 0, HasWildcard()), sender ?? ActorCell.CurrentSelf);
    }

    /// <summary>The reference of the one actor at this path.</summary>
    /// <exception cref="ActorNotFoundException">No actor answered within <paramref name="timeout"/>.</exception>
    public async Task<IActorRef> ResolveOne(TimeSpan timeout)
    {
        var identity = await Pattern.AskExtensions.Ask<ActorIdentity>(this, new Identify(null), timeout).ConfigureAwait(false);
        return identity.Subject ?? throw new ActorNotFoundException($"No actor at {this}.");
    }

    private bool HasWildcard() => Elements.Any(e => e.Contains('*') || e.Contains('?'));

    public override string ToString() => $"ActorSelection[{Anchor.Path}/{string.Join('/', Elements)}]";

    /// <summary>Delivers one step of a selection inside the actor <paramref name="cell"/>.</summary>
    internal static void Deliver(ActorSelectionMessage selection, ActorCell cell)
    {
        var sender = cell.Sender;
        var index = selection.Index;
        while (index < selection.Elements.Length && selection.Elements[index] is "" or ".") index++;
        if (index == selection.Elements.Length)
        {
            cell.Self.Tell(selection.Message, sender);
            return;
        }
        var element = selection.Elements[index];
        var next = selection with { Index = index + 1 };
        if (element == "..")
        {
            cell.ParentRef.Tell(next, sender);
            return;
        }
        if (element.Contains('*') || element.Contains('?'))
        {
            foreach (var child in cell.ChildrenSnapshot())
                if (WildcardMatch(element, child.Path.Name)) child.Tell(next, sender);
            return;
        }
        if (cell.GetChildByName(element) is { } target)
        {
            target.Tell(next, sender);
            return;
        }
        if (!selection.WildcardFanOut) cell.System.DeadLetters.Tell(selection, sender);
    }

    internal static bool WildcardMatch(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t])) { p++; t++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}

/// <summary>A message travelling down the hierarchy towards the actors a selection matches.</summary>
internal sealed record ActorSelectionMessage(object Message, string[] Elements, int Index, bool WildcardFanOut) : IAutoReceivedMessage;

/// <summary>No actor exists at the path that was resolved.</summary>
public sealed class ActorNotFoundException(string message) : Exception(message);
