namespace Kane.Organize.Samples;

/// <summary>
/// What a generated tree holds: <paramref name="Files"/> names in <paramref name="Folders"/> folders, of which
/// <paramref name="Duplicates"/> repeat an earlier file's content (<paramref name="HardLinks"/> of them as hard links),
/// <paramref name="Empty"/> are empty and <paramref name="WrongExtension"/> carry another category's extension;
/// <paramref name="Bytes"/> is the sum of the file sizes, hard links counted once, and
/// <paramref name="Elapsed"/> the generation time. <see cref="Awkward"/> counts the entries of the bad-input folder
/// (not included in the other figures).
/// </summary>
public sealed record SampleTreeReport(int Files, int Folders, long Bytes, int Duplicates, int HardLinks, int Empty, int WrongExtension, TimeSpan Elapsed)
{
    public int Awkward { get; init; }

    public double FilesPerSecond => Elapsed.TotalSeconds > 0 ? Files / Elapsed.TotalSeconds : 0;

    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / 1e6 / Elapsed.TotalSeconds : 0;
}
