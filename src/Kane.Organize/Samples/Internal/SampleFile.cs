namespace Kane.Organize.Samples.Internal;

/// <summary>The content formats a sample tree holds.</summary>
internal enum SampleKind
{
    Jpeg,
    Png,
    Mp3,
    Mp4,
    Pdf,
    Text,
    Code,
    Zip,
    Binary,
}

/// <summary>
/// One planned file: where it goes, what it holds and how big it is. The bytes are a function of the record alone
/// (<see cref="ContentSeed"/> drives the filler), so a duplicate is written from its original's record.
/// </summary>
internal sealed record SampleFile(string RelativePath, SampleKind Kind, long Size, DateTime Date, string Camera, string Title, ulong ContentSeed)
{
    /// <summary>The file's modification time (UTC); a photo's is later than its Exif date, as after a copy.</summary>
    public DateTime Modified { get; init; } = Date;

    /// <summary>Index of the original this file duplicates, or -1.</summary>
    public int DuplicateOf { get; init; } = -1;

    public bool HardLink { get; init; }

    public bool WrongExtension { get; init; }
}
