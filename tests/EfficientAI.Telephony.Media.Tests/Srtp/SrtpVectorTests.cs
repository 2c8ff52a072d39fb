using EfficientAI.Telephony.Media.Srtp;

namespace EfficientAI.Telephony.Media.Tests.Srtp;

/// <summary>The test vectors of RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation).</summary>
public class SrtpVectorTests
{
    [Fact]
    public void AesCounterMode_MatchesAppendixB2()
    {
        using var cm = new AesCounterMode(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var keystream = new byte[16 * 0xFF02];
        cm.Keystream(iv, keystream);

        Assert.Equal("E03EAD0935C95E80E166B16DD92B4EB4", Block(keystream, 0x0000));
        Assert.Equal("D23513162B02D0F72A43A2FE4A5F97AB", Block(keystream, 0x0001));
        Assert.Equal("41E95B3BB0A2E8DD477901E4FCA894C0", Block(keystream, 0x0002));
        Assert.Equal("EC8CDF7398607CB0F2D21675EA9EA1E4", Block(keystream, 0xFEFF));
        Assert.Equal("362B7C3C6773516318A077D7FC5073AE", Block(keystream, 0xFF00));
        Assert.Equal("6A2CC3787889374FBEB4C81B17BA6C44", Block(keystream, 0xFF01));
    }

    [Fact]
    public void AesCounterMode_OddLengthsXorTheSameKeystream()
    {
        using var cm = new AesCounterMode(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var full = new byte[16 * 40];
        cm.Keystream(iv, full);
        var partial = new byte[333];
        cm.Keystream(iv, partial);
        Assert.Equal(full.AsSpan(0, 333).ToArray(), partial);
    }

    [Fact]
    public void KeyDerivation_MatchesAppendixB3()
    {
        byte[] masterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");
        var cipherKey = new byte[16];
        var cipherSalt = new byte[14];
        var authKey = new byte[20];

        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.SrtpEncryption, 0, 0, cipherKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.SrtpSalt, 0, 0, cipherSalt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.SrtpAuthentication, 0, 0, authKey);

        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(cipherKey));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(cipherSalt));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", Convert.ToHexString(authKey));
    }

    [Fact]
    public void KeyDerivation_WithRate_ChangesKeysOnlyAcrossPeriods()
    {
        byte[] masterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");
        byte[] Key(ulong index)
        {
            var key = new byte[16];
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.SrtpEncryption, index, 1 << 16, key);
            return key;
        }

        // index DIV kdr = 0 equals the kdr-0 key of B.3; the next period differs.
        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(Key(65535)));
        Assert.NotEqual(Key(0), Key(65536));
        Assert.Equal(Key(65536), Key(131071));
    }

    private static string Block(byte[] keystream, int j) => Convert.ToHexString(keystream, j * 16, 16);
}
