namespace Kane.Organize.Signatures;

/// <summary>Where a <see cref="Classification"/> came from.</summary>
public enum ClassificationSource
{
    /// <summary>The content signature (magic bytes) decided, possibly refined by a compatible extension.</summary>
    Content,

    /// <summary>No signature matched; the extension (or a well-known file name) decided.</summary>
    Extension,

    /// <summary>Neither matched: the file is <see cref="FileCategory.Other"/>.</summary>
    None,
}

/// <summary>
/// What a file is: its <paramref name="Category"/>, a short lower-case <paramref name="Format"/> name (<c>jpeg</c>,
/// <c>mp4</c>, <c>ooxml</c>, or the extension without its dot when the extension decided, empty when nothing did),
/// where the answer came from, and whether the extension names a different category than the content
/// (<paramref name="ExtensionMismatch"/>: a PNG called <c>photo.pdf</c>).
/// </summary>
public sealed record Classification(FileCategory Category, string Format, ClassificationSource Source, bool ExtensionMismatch);
