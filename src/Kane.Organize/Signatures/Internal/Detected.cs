namespace Kane.Organize.Signatures.Internal;

/// <summary>A content signature's verdict: the format and its category.</summary>
internal readonly record struct Detected(string Format, FileCategory Category);

/// <summary>Looks at the first bytes of a file and names its format, or returns null.</summary>
internal delegate Detected? Detector(ReadOnlySpan<byte> head);
