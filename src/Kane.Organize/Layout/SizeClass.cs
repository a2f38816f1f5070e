namespace Kane.Organize.Layout;

/// <summary>A coarse file size bucket for the <c>{sizeclass}</c> token; bounds are decimal (1 KB = 1,000 bytes).</summary>
public enum SizeClass
{
    /// <summary>Under 100 KB.</summary>
    Tiny,

    /// <summary>100 KB up to 10 MB.</summary>
    Small,

    /// <summary>10 MB up to 1 GB.</summary>
    Medium,

    /// <summary>1 GB and more.</summary>
    Large,
}

public static class SizeClasses
{
    public static SizeClass Of(long bytes) => bytes switch
    {
        < 100_000 => SizeClass.Tiny,
        < 10_000_000 => SizeClass.Small,
        < 1_000_000_000 => SizeClass.Medium,
        _ => SizeClass.Large,
    };

    /// <summary>The lower-case folder name: <c>tiny</c>, <c>small</c>, <c>medium</c>, <c>large</c>.</summary>
    public static string FolderName(this SizeClass sizeClass) => sizeClass.ToString().ToLowerInvariant();
}
