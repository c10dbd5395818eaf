using System.Buffers;
using RustyNode.Protocols.BlockSync.CompactBlocks;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

namespace RustyNode.Protocols.BlockSync.Tests.CompactBlocks;

public class DifferentialIndexTests
{
    [Fact]
    [Trait("Clause", "CB-3.3")]
    public void Index_lists_encode_and_decode_as_the_hand_made_vectors()
    {
        foreach (var c in CompactTestData.Vectors().GetProperty("differentialIndexes").EnumerateArray())
        {
            var indexes = c.GetProperty("indexes").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var expected = c.GetProperty("encoded").GetString()!;
            Assert.Equal(expected, Convert.ToHexString(Encode(indexes)).ToLowerInvariant());
            Assert.Equal(expected.Length / 2, DifferentialIndexes.GetSize(indexes));
            Assert.Equal(indexes, Decode(Convert.FromHexString(expected)));
        }
    }

    [Fact]
    [Trait("Clause", "CB-3.3")]
    [Trait("Clause", "CB-2.3")]
    public void Invalid_encodings_are_refused_as_bad_indexes()
    {
        foreach (var c in CompactTestData.Vectors().GetProperty("invalidDifferentialIndexes").EnumerateArray())
        {
            var bytes = Convert.FromHexString(c.GetProperty("encoded").GetString()!);
            var ex = Assert.Throws<CompactBlockProtocolException>(() => Decode(bytes));
            Assert.True(ex.BadIndexes, c.GetProperty("why").GetString());
        }
    }

    [Fact]
    [Trait("Clause", "CB-3.3")]
    public void A_truncated_index_is_incomplete_not_garbage()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>([0xfd, 0x00]));
        Assert.False(DifferentialIndexes.TryReadNext(ref reader, -1, out _));
    }

    [Fact]
    [Trait("Clause", "CB-3.3")]
    public void Encoding_refuses_indexes_that_do_not_increase_or_exceed_the_limit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DifferentialIndexes.Encode(5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DifferentialIndexes.Encode(5, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => DifferentialIndexes.Encode(-1, CompactBlockLimits.MaxIndex + 1));
    }

    [Fact]
    [Trait("Clause", "CB-3.3")]
    public void Random_increasing_lists_round_trip()
    {
        var random = new Random(3);
        for (var run = 0; run < 200; run++)
        {
            var set = new SortedSet<int>();
            var count = random.Next(1, 400);
            var spread = random.Next(count, CompactBlockLimits.MaxIndex + 1);
            while (set.Count < count)
            {
                set.Add(random.Next(0, spread));
            }

            var indexes = set.ToArray();
            Assert.Equal(indexes, Decode(Encode(indexes)));
        }
    }

    internal static byte[] Encode(int[] indexes)
    {
        var bytes = new byte[DifferentialIndexes.GetSize(indexes)];
        var position = 0;
        var previous = -1;
        foreach (var index in indexes)
        {
            position += DifferentialIndexes.WriteNext(bytes.AsSpan(position), previous, index);
            previous = index;
        }

        Assert.Equal(bytes.Length, position);
        return bytes;
    }

    internal static int[] Decode(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        List<int> result = [];
        var previous = -1;
        while (reader.Remaining > 0)
        {
            Assert.True(DifferentialIndexes.TryReadNext(ref reader, previous, out var index));
            result.Add(index);
            previous = index;
        }

        return [.. result];
    }
}
