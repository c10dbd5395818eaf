using System.Buffers;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>
/// A whole compact-blocks payload: the code byte and the body (CB-1.2), with an explicit switch on
/// the code. A truncated body, trailing bytes or an unknown code is malformed (CB-1.4).
/// </summary>
public static class CompactMessageCodec
{
    /// <summary>True for the codes a requester sends (CB-2.8).</summary>
    public static bool IsRequest(CompactMessageCode code) => code switch
    {
        CompactMessageCode.SendCompact or CompactMessageCode.CompactBlock or CompactMessageCode.GetCompactBlock
            or CompactMessageCode.GetBlockTxs or CompactMessageCode.NewBlock => true,
        _ => false,
    };

    /// <summary>True for the codes a responder sends (CB-2.8); CompactBlock is both.</summary>
    public static bool IsResponse(CompactMessageCode code) => code switch
    {
        CompactMessageCode.CompactBlock or CompactMessageCode.BlockTxs or CompactMessageCode.Ack or CompactMessageCode.NotFound => true,
        _ => false,
    };

    /// <summary>Payload size: code and body.</summary>
    public static int GetSize(CompactMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return CompactBlockLimits.CodeSize + message switch
        {
            SendCompact m => SendCompactCodec.GetSize(m),
            CompactBlock m => CompactBlockCodec.GetSize(m),
            GetCompactBlock m => GetCompactBlockCodec.GetSize(m),
            GetBlockTxs m => GetBlockTxsCodec.GetSize(m),
            BlockTxs m => BlockTxsCodec.GetSize(m),
            NewBlock m => NewBlockCodec.GetSize(m),
            Ack or NotFound => 0,
            _ => throw new ArgumentException($"Unknown compact-blocks message {message.GetType().Name}.", nameof(message)),
        };
    }

    /// <summary>Writes the payload into a span of at least <see cref="GetSize"/> bytes; returns the bytes written.</summary>
    public static int Write(CompactMessage message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        destination[0] = (byte)message.Code;
        var body = destination[CompactBlockLimits.CodeSize..];
        return CompactBlockLimits.CodeSize + message switch
        {
            SendCompact m => SendCompactCodec.Write(m, body),
            CompactBlock m => CompactBlockCodec.Write(m, body),
            GetCompactBlock m => GetCompactBlockCodec.Write(m, body),
            GetBlockTxs m => GetBlockTxsCodec.Write(m, body),
            BlockTxs m => BlockTxsCodec.Write(m, body),
            NewBlock m => NewBlockCodec.Write(m, body),
            Ack or NotFound => 0,
            _ => throw new ArgumentException($"Unknown compact-blocks message {message.GetType().Name}.", nameof(message)),
        };
    }

    /// <summary>Writes the payload with one GetSpan/Advance.</summary>
    public static void Write(CompactMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = GetSize(message);
        output.Advance(Write(message, output.GetSpan(size)));
    }

    /// <summary>Decodes one whole payload; throws <see cref="CompactBlockProtocolException"/> when malformed.</summary>
    public static CompactMessage Read(ReadOnlySequence<byte> payload)
    {
        var reader = new SequenceReader<byte>(payload);
        if (!reader.TryRead(out var code))
        {
            throw new CompactBlockProtocolException("An empty compact-blocks payload.");
        }

        var complete = (CompactMessageCode)code switch
        {
            CompactMessageCode.SendCompact => Complete(SendCompactCodec.TryRead(ref reader, out var m1), m1),
            CompactMessageCode.CompactBlock => Complete(CompactBlockCodec.TryRead(ref reader, out var m2), m2),
            CompactMessageCode.GetCompactBlock => Complete(GetCompactBlockCodec.TryRead(ref reader, out var m3), m3),
            CompactMessageCode.GetBlockTxs => Complete(GetBlockTxsCodec.TryRead(ref reader, out var m4), m4),
            CompactMessageCode.BlockTxs => Complete(BlockTxsCodec.TryRead(ref reader, out var m5), m5),
            CompactMessageCode.NewBlock => Complete(NewBlockCodec.TryRead(ref reader, out var m6), m6),
            CompactMessageCode.Ack => Ack.Instance,
            CompactMessageCode.NotFound => NotFound.Instance,
            _ => throw new CompactBlockProtocolException($"Unknown compact-blocks code 0x{code:x2}."),
        };

        if (reader.Remaining != 0)
        {
            throw new CompactBlockProtocolException($"{reader.Remaining} bytes after a {complete.Code} body.");
        }

        return complete;
    }

    private static CompactMessage Complete(bool read, CompactMessage? message) =>
        read && message is not null ? message : throw new CompactBlockProtocolException("A truncated compact-blocks body.");
}
