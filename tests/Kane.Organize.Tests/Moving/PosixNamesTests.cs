using System.Text;
using Kane.Organize.Moving;

namespace Kane.Organize.Tests.Moving;

public sealed class PosixNamesTests
{
    [Theory]
    [InlineData(new byte[] { 0x61, 0x62 })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x2E, 0x6A })]
    [InlineData(new byte[] { 0xC3 })] // a truncated two-byte sequence
    [InlineData(new byte[] { 0xE5, 0x86, 0x99, 0xC3, 0x28 })] // valid CJK then an invalid pair
    [InlineData(new byte[] { 0xED, 0xB2, 0x80 })] // an encoded surrogate: invalid UTF-8
    public void Raw_bytes_survive_the_round_trip_through_a_string(byte[] raw) =>
        Assert.Equal(raw, PosixNames.ToBytes(PosixNames.FromBytes(raw)));

    [Fact]
    public void Valid_utf8_names_are_plain_strings()
    {
        const string name = "ünïcødé 写真 😀.jpg";
        Assert.Equal(name, PosixNames.FromBytes(Encoding.UTF8.GetBytes(name)));
        Assert.Equal(Encoding.UTF8.GetBytes(name), PosixNames.ToBytes(name));
        Assert.False(PosixNames.HasEscapedBytes(name));
        Assert.True(PosixNames.HasEscapedBytes(PosixNames.FromBytes([0x61, 0xFF])));
    }

    [Fact]
    public void A_nul_in_a_path_is_refused() =>
        Assert.Throws<ArgumentException>(() => PosixNames.ToBytes("a\0b"));
}
