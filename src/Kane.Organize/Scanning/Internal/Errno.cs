namespace Kane.Organize.Scanning.Internal;

/// <summary>Names of the errno values a scan meets.</summary>
internal static class Errno
{
    public static string Name(int errno) => errno switch
    {
        1 => "EPERM: operation not permitted",
        2 => "ENOENT: no such file",
        5 => "EIO: input/output error",
        13 => "EACCES: permission denied",
        20 => "ENOTDIR: not a folder",
        36 => "ENAMETOOLONG: name too long",
        40 => "ELOOP: too many symbolic links",
        _ => $"errno {errno}",
    };
}
