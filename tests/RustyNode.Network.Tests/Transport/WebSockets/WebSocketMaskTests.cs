using RustyNode.Network.Transport.WebSockets;

namespace RustyNode.Network.Tests.Transport.WebSockets;

public class WebSocketMaskTests
{
    [Fact]
    [Trait("Clause", "WS-2.3")]
    public void RFC_6455_masked_hello_unmasks_to_Hello()
    {
        var payload = new byte[] { 0x7f, 0x9f, 0x4d, 0x51, 0x58 };
        var offset = WebSocketMask.Apply(payload, payload, 0x37fa213d, 0);
        Assert.Equal("Hello"u8.ToArray(), payload);
        Assert.Equal(1, offset);
    }

    [Theory]
    [Trait("Clause", "WS-2.3")]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(70_001)]
    public void Masking_in_pieces_equals_masking_at_once_and_twice_restores_the_input(int length)
    {
        var random = new Random(length);
        var source = new byte[length];
        random.NextBytes(source);
        const uint key = 0xA1B2C3D4;
        var once = new byte[length];
        WebSocketMask.Apply(source, once, key, 0);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal((byte)(source[i] ^ (key >> (24 - ((i % 4) * 8)))), once[i]);
        }

        var pieces = new byte[length];
        var offset = 0;
        for (var at = 0; at < length;)
        {
            var count = Math.Min(length - at, 1 + random.Next(100));
            offset = WebSocketMask.Apply(source.AsSpan(at, count), pieces.AsSpan(at), key, offset);
            at += count;
        }

        Assert.Equal(once, pieces);
        WebSocketMask.Apply(once, once, key, 0);
        Assert.Equal(source, once);
    }
}
