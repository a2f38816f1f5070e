namespace Kane.Organize.Samples;

/// <summary>
/// What <see cref="SampleTree.Generate"/> makes. Sizes follow a log-normal distribution whose mean is
/// <see cref="MeanFileBytes"/> (per kind scaled: videos larger, code smaller) and whose spread is
/// <see cref="SizeSpread"/> (the σ of the underlying normal), capped at <see cref="MaxFileBytes"/>; with the defaults
/// 200,000 files come to about 4 GB. The same options and seed always give the same tree, byte for byte.
/// </summary>
public sealed record SampleTreeOptions
{
    public static SampleTreeOptions Default { get; } = new();

    /// <summary>Files to create, duplicates and empty files included.</summary>
    /// <value>1,000.</value>
    public int Files { get; init; } = 1_000;

    /// <value>1.</value>
    public int Seed { get; init; } = 1;

    /// <summary>Mean size of a non-empty file in bytes.</summary>
    /// <value>20,000.</value>
    public long MeanFileBytes { get; init; } = 20_000;

    /// <summary>σ of the log-normal size distribution: 0 makes every file of a kind the same size.</summary>
    /// <value>1.6.</value>
    public double SizeSpread { get; init; } = 1.6;

    /// <value>64 MiB.</value>
    public long MaxFileBytes { get; init; } = 64L << 20;

    /// <summary>Share of files that duplicate an earlier file's content (copies and hard links).</summary>
    /// <value>0.10.</value>
    public double DuplicateFraction { get; init; } = 0.10;

    /// <summary>Share of the duplicates made as hard links to their original rather than copies.</summary>
    /// <value>0.2.</value>
    public double HardLinkFraction { get; init; } = 0.2;

    /// <summary>Share of empty files.</summary>
    /// <value>0.005.</value>
    public double EmptyFraction { get; init; } = 0.005;

    /// <summary>Share of files whose extension names another category than their content (a JPEG called .pdf).</summary>
    /// <value>0.03.</value>
    public double WrongExtensionFraction { get; init; } = 0.03;

    /// <summary>Average files per folder; folders nest up to five deep.</summary>
    /// <value>40.</value>
    public int FilesPerFolder { get; init; } = 40;

    /// <summary>
    /// Also make an <c>awkward/</c> folder of bad input (beyond <see cref="Files"/>): names with spaces, quotes,
    /// leading dashes, a newline, a tab, bytes that are not UTF-8 and 255 bytes; an empty file; a 40-deep folder chain;
    /// a symbolic link loop, a dangling link and a link to a file; a FIFO; and a sparse file of
    /// <see cref="SparseFileBytes"/> if that is above 0.
    /// </summary>
    /// <value>false.</value>
    public bool Awkward { get; init; }

    /// <summary>Apparent size of the awkward folder's sparse file (a few KiB of data); 0 for none.</summary>
    /// <value>0.</value>
    public long SparseFileBytes { get; init; }

    /// <summary>Threads writing files; 0 means one per core.</summary>
    /// <value>0.</value>
    public int Parallelism { get; init; }

    /// <summary>Throws naming the first bad option.</summary>
    public void Validate()
    {
        if (Files < 0)
            throw new ArgumentOutOfRangeException(nameof(Files), Files, "files must be 0 or more");
        if (MeanFileBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(MeanFileBytes), MeanFileBytes, "the mean file size must be at least 1 byte");
        if (SizeSpread is < 0 or > 4)
            throw new ArgumentOutOfRangeException(nameof(SizeSpread), SizeSpread, "the size spread (σ) must be 0 to 4");
        if (MaxFileBytes is < 4096 or > 1L << 30)
            throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "the largest file must be 4096 bytes to 1 GiB");
        foreach (var (name, value) in new[] { (nameof(DuplicateFraction), DuplicateFraction), (nameof(HardLinkFraction), HardLinkFraction), (nameof(EmptyFraction), EmptyFraction), (nameof(WrongExtensionFraction), WrongExtensionFraction) })
        {
            if (value is < 0 or > 0.9)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 0.9");
        }
        if (FilesPerFolder < 1)
            throw new ArgumentOutOfRangeException(nameof(FilesPerFolder), FilesPerFolder, "files per folder must be at least 1");
        if (SparseFileBytes < 0)
            throw new ArgumentOutOfRangeException(nameof(SparseFileBytes), SparseFileBytes, "the sparse file size must be 0 (none) or more");
        if (Parallelism < 0)
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "parallelism must be 0 (one per core) or more");
    }
}
