using System.Text;
using Kane.Organize.Layout;

namespace Kane.Organize.Tests.Layout;

public sealed class ConflictNamingTests
{
    [Fact]
    public void A_free_path_is_used_as_is()
    {
        var asked = new List<string>();
        Assert.Equal("images/2024/03/a.jpg", ConflictNaming.FirstFree("images/2024/03/a.jpg", p => { asked.Add(p); return false; }));
        Assert.Equal(["images/2024/03/a.jpg"], asked);
    }

    [Fact]
    public void Taken_names_get_the_first_free_number_before_the_extension()
    {
        var taken = new HashSet<string> { "d/a.jpg", "d/a (1).jpg", "d/a (2).jpg", "d/a (4).jpg" };
        Assert.Equal("d/a (3).jpg", ConflictNaming.FirstFree("d/a.jpg", taken.Contains));
    }

    [Theory]
    [InlineData("README", "README (1)")]
    [InlineData(".bashrc", ".bashrc (1)")]
    [InlineData("archive.tar.gz", "archive.tar (1).gz")]
    [InlineData("my photo.jpg", "my photo (1).jpg")]
    [InlineData("写真.jpg", "写真 (1).jpg")]
    public void Names_without_a_folder_and_odd_extensions_are_numbered_sensibly(string name, string expected) =>
        Assert.Equal(expected, ConflictNaming.FirstFree(name, p => p == name));

    [Fact]
    public void A_numbered_255_byte_name_stays_within_255_bytes_and_keeps_its_extension()
    {
        var name = new string('a', 251) + ".jpg";
        var free = ConflictNaming.FirstFree("d/" + name, p => p == "d/" + name);
        var file = free[2..];
        Assert.Equal(255, Encoding.UTF8.GetByteCount(file));
        Assert.EndsWith(" (1).jpg", file);
        var emoji = string.Concat(Enumerable.Repeat("🎉", 62)) + ".jpg"; // 248 + 4 bytes
        var numbered = ConflictNaming.Numbered(FileNames.Split(emoji).Name, ".jpg", 123);
        Assert.InRange(Encoding.UTF8.GetByteCount(numbered), 250, 255);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(numbered)));
        Assert.EndsWith(" (123).jpg", numbered);
    }

    [Fact]
    public void A_folder_where_every_name_is_taken_is_an_error_not_a_hang()
    {
        var error = Assert.Throws<IOException>(() => ConflictNaming.FirstFree("d/a.jpg", _ => true));
        Assert.Contains("d/a.jpg", error.Message);
    }
}
