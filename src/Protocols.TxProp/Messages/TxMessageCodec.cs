using System.Buffers;
using System.Buffers.Binary;
using RustyNode.Consensus;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Framing;
using RustyNode.Network.Multiformats;

namespace RustyNode.Protocols.TxProp.Messages;

/// <summary>
/// The canonical encoding of every /rusty/tx-prop/1.0 message (TX-1.2, TX-2): a varint length,
/// then the payload: one code byte and the body. Sizes are computed first and written with one
/// span; reads check every count and size before allocating for it.
/// </summary>
public static class TxMessageCodec
{
    /// <summary>Size of the payload (code and body) of <paramref name="message"/>, without the length prefix.</summary>
    public static int GetPayloadSize(TxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TxPropLimits.CodeSize + message switch
        {
            InvMessage inv => GetIdListSize(inv.TxIds.Count),
            GetDataMessage getData => GetIdListSize(getData.TxIds.Count),
            NotFoundMessage notFound => GetIdListSize(notFound.TxIds.Count),
            TxDataMessage txData => txData.Transaction.Size,
            FeeFilterMessage => sizeof(ulong),
            _ => throw new ArgumentException($"Unknown message type {message.GetType().Name}.", nameof(message)),
        };
    }

    /// <summary>Size of the framed message: length prefix and payload.</summary>
    public static int GetSize(TxMessage message)
    {
        var payload = GetPayloadSize(message);
        return Varint.GetSize((ulong)payload) + payload;
    }

    /// <summary>Writes the framed message (length prefix and payload).</summary>
    /// <exception cref="ArgumentException">The message breaks a limit of TX-2 (we never send what we would refuse).</exception>
    public static void Write(TxMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        CheckLimits(message);
        var payloadSize = GetPayloadSize(message);
        LengthPrefixed.WriteHeader(output, payloadSize);
        if (message is TxDataMessage txData)
        {
            output.GetSpan(1)[0] = (byte)TxMessageCode.TxData;
            output.Advance(1);
            TransactionCodec.Write(txData.Transaction, output);
            return;
        }

        var span = output.GetSpan(payloadSize)[..payloadSize];
        span[0] = (byte)message.Code;
        var body = span[1..];
        switch (message)
        {
            case InvMessage inv: WriteIdList(inv.TxIds, body); break;
            case GetDataMessage getData: WriteIdList(getData.TxIds, body); break;
            case NotFoundMessage notFound: WriteIdList(notFound.TxIds, body); break;
            case FeeFilterMessage filter: BinaryPrimitives.WriteUInt64LittleEndian(body, filter.FeeRatePerKb); break;
            default: throw new ArgumentException($"Unknown message type {message.GetType().Name}.", nameof(message));
        }

        output.Advance(payloadSize);
    }

    /// <summary>
    /// Takes one framed message off the front of <paramref name="buffer"/>. False (buffer unchanged)
    /// when more bytes are needed.
    /// </summary>
    /// <exception cref="TxPropProtocolException">Malformed, or over a limit (checked on the length prefix, before buffering).</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out TxMessage message)
    {
        ReadOnlySequence<byte> payload;
        try
        {
            if (!LengthPrefixed.TryRead(ref buffer, TxPropLimits.MaxMessageSize, out payload))
            {
                message = null!;
                return false;
            }
        }
        catch (FrameTooLargeException ex)
        {
            throw new TxPropProtocolException(ex.Message, ex) { IsOverLimit = true };
        }
        catch (MultiformatException ex)
        {
            throw new TxPropProtocolException($"Bad message length prefix: {ex.Message}", ex);
        }

        message = ReadPayload(payload);
        return true;
    }

    /// <summary>Parses one complete payload (code and body).</summary>
    /// <exception cref="TxPropProtocolException">Malformed or over a limit.</exception>
    public static TxMessage ReadPayload(ReadOnlySequence<byte> payload)
    {
        var reader = new SequenceReader<byte>(payload);
        if (!reader.TryRead(out var code))
        {
            throw new TxPropProtocolException("An empty message has no code.");
        }

        return (TxMessageCode)code switch
        {
            TxMessageCode.Inv => new InvMessage(ReadIdList(ref reader, TxPropLimits.MaxInvIds, "Inv")),
            TxMessageCode.GetData => new GetDataMessage(ReadIdList(ref reader, TxPropLimits.MaxGetDataIds, "GetData")),
            TxMessageCode.NotFound => new NotFoundMessage(ReadIdList(ref reader, TxPropLimits.MaxNotFoundIds, "NotFound")),
            TxMessageCode.TxData => new TxDataMessage(ReadTransaction(ref reader)),
            TxMessageCode.FeeFilter => new FeeFilterMessage(ReadFeeFilter(ref reader)),
            _ => throw new TxPropProtocolException($"Unknown message code 0x{code:x2}."),
        };
    }

    private static void CheckLimits(TxMessage message)
    {
        var (count, max) = message switch
        {
            InvMessage inv => (inv.TxIds.Count, TxPropLimits.MaxInvIds),
            GetDataMessage getData => (getData.TxIds.Count, TxPropLimits.MaxGetDataIds),
            NotFoundMessage notFound => (notFound.TxIds.Count, TxPropLimits.MaxNotFoundIds),
            _ => (1, 1),
        };
        if (count < 1 || count > max)
        {
            throw new ArgumentException($"A {message.Code} carries 1 to {max} ids, not {count}.", nameof(message));
        }
    }

    private static int GetIdListSize(int count) => Varint.GetSize((ulong)count) + (count * Hash256.Size);

    private static void WriteIdList(IReadOnlyList<Hash256> ids, Span<byte> body)
    {
        var offset = Varint.Write(body, (ulong)ids.Count);
        foreach (var id in ids)
        {
            id.WriteTo(body.Slice(offset, Hash256.Size));
            offset += Hash256.Size;
        }
    }

    private static Hash256[] ReadIdList(ref SequenceReader<byte> reader, int max, string name)
    {
        ulong count;
        try
        {
            if (!Varint.TryRead(ref reader, out count))
            {
                throw new TxPropProtocolException($"{name} ends inside its count.");
            }
        }
        catch (MultiformatException ex)
        {
            throw new TxPropProtocolException($"{name} count: {ex.Message}", ex);
        }

        if (count == 0 || count > (ulong)max)
        {
            throw new TxPropProtocolException($"{name} carries {count} ids; 1 to {max} are allowed.") { IsOverLimit = count > (ulong)max };
        }

        if ((ulong)reader.Remaining != count * Hash256.Size)
        {
            throw new TxPropProtocolException($"{name} declares {count} ids but carries {reader.Remaining} bytes of them.");
        }

        var ids = new Hash256[count];
        Span<byte> id = stackalloc byte[Hash256.Size];
        for (var i = 0; i < ids.Length; i++)
        {
            reader.TryCopyTo(id);
            reader.Advance(Hash256.Size);
            ids[i] = new Hash256(id);
        }

        return ids;
    }

    private static Transaction ReadTransaction(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining > TxPropLimits.MaxTransactionSize)
        {
            throw new TxPropProtocolException($"TxData of {reader.Remaining} bytes exceeds {TxPropLimits.MaxTransactionSize}.") { IsOverLimit = true };
        }

        Transaction tx;
        try
        {
            if (!TransactionCodec.TryRead(ref reader, out tx))
            {
                throw new TxPropProtocolException("TxData ends inside its transaction.");
            }
        }
        catch (ConsensusFormatException ex)
        {
            throw new TxPropProtocolException($"TxData: {ex.Message}", ex) { IsOverLimit = ex.IsOverLimit };
        }

        if (!reader.End)
        {
            throw new TxPropProtocolException($"{reader.Remaining} bytes follow the transaction of a TxData.");
        }

        return tx;
    }

    private static ulong ReadFeeFilter(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining != sizeof(ulong) || !reader.TryReadLittleEndian(out long value))
        {
            throw new TxPropProtocolException($"FeeFilter carries {reader.Remaining} bytes; exactly 8 are allowed.");
        }

        return (ulong)value;
    }
}
