namespace Kane.Organize.Planning;

/// <summary>What happens to the duplicates of a group (the original is always organised).</summary>
public enum DuplicatePolicy
{
    /// <summary>Moved to <c>DST/duplicates/</c> under the same layout (the default).</summary>
    Move,
    /// <summary>Left where they are.</summary>
    Skip,
    /// <summary>Deleted once the original is safely at its target (needs <c>--yes</c>).</summary>
    Delete,
    /// <summary>Replaced by hard links to the original at its target.</summary>
    Link,
}

public static class DuplicatePolicies
{
    /// <summary>Parses <c>move</c>, <c>skip</c>, <c>delete</c> or <c>link</c>.</summary>
    public static bool TryParse(string? text, out DuplicatePolicy policy)
    {
        policy = text switch
        {
            "move" => DuplicatePolicy.Move,
            "skip" => DuplicatePolicy.Skip,
            "delete" => DuplicatePolicy.Delete,
            "link" => DuplicatePolicy.Link,
            _ => (DuplicatePolicy)(-1),
        };
        return Enum.IsDefined(policy);
    }

    public static string Name(this DuplicatePolicy policy) => policy.ToString().ToLowerInvariant();
}
