using RustyNode.Network.Identity.Protobuf;

namespace RustyNode.Network.PubSub.Messages;

public static partial class PubSubRpcCodec
{
    private const int IHaveField = 1;
    private const int IWantField = 2;
    private const int GraftField = 3;
    private const int PruneField = 4;
    private const int IDontWantField = 5;
    private const int TopicIdField = 1;
    private const int IHaveIdsField = 2;
    private const int IdsField = 1;
    private const int PrunePeersField = 2;
    private const int PruneBackoffField = 3;
    private const int PeerIdField = 1;
    private const int PeerRecordField = 2;

    /// <summary>Size of a ControlMessage body.</summary>
    public static int GetControlSize(ControlMessage control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var size = 0;
        foreach (var ihave in control.IHave)
        {
            size += ProtoWriter.SizeOfBytesField(IHaveField, GetIHaveSize(ihave));
        }

        foreach (var iwant in control.IWant)
        {
            size += ProtoWriter.SizeOfBytesField(IWantField, GetIdsSize(IdsField, iwant.MessageIds));
        }

        foreach (var graft in control.Graft)
        {
            size += ProtoWriter.SizeOfBytesField(GraftField, TopicSize(graft.Topic));
        }

        foreach (var prune in control.Prune)
        {
            size += ProtoWriter.SizeOfBytesField(PruneField, GetPruneSize(prune));
        }

        foreach (var idontwant in control.IDontWant)
        {
            size += ProtoWriter.SizeOfBytesField(IDontWantField, GetIdsSize(IdsField, idontwant.MessageIds));
        }

        return size;
    }

    /// <summary>Writes a ControlMessage body (exactly <see cref="GetControlSize"/> bytes).</summary>
    internal static void WriteControl(ref ProtoWriter writer, ControlMessage control)
    {
        foreach (var ihave in control.IHave)
        {
            writer.WriteLengthPrefix(IHaveField, GetIHaveSize(ihave));
            WriteTopic(ref writer, ihave.Topic);
            WriteIds(ref writer, IHaveIdsField, ihave.MessageIds);
        }

        foreach (var iwant in control.IWant)
        {
            writer.WriteLengthPrefix(IWantField, GetIdsSize(IdsField, iwant.MessageIds));
            WriteIds(ref writer, IdsField, iwant.MessageIds);
        }

        foreach (var graft in control.Graft)
        {
            writer.WriteLengthPrefix(GraftField, TopicSize(graft.Topic));
            WriteTopic(ref writer, graft.Topic);
        }

        foreach (var prune in control.Prune)
        {
            writer.WriteLengthPrefix(PruneField, GetPruneSize(prune));
            WriteTopic(ref writer, prune.Topic);
            foreach (var peer in prune.Peers)
            {
                writer.WriteLengthPrefix(PrunePeersField, GetPeerInfoSize(peer));
                if (peer.PeerId is { } id)
                {
                    writer.WriteBytesField(PeerIdField, id);
                }

                if (peer.SignedPeerRecord is { } record)
                {
                    writer.WriteBytesField(PeerRecordField, record);
                }
            }

            if (prune.BackoffSeconds is { } backoff)
            {
                writer.WriteVarintField(PruneBackoffField, backoff);
            }
        }

        foreach (var idontwant in control.IDontWant)
        {
            writer.WriteLengthPrefix(IDontWantField, GetIdsSize(IdsField, idontwant.MessageIds));
            WriteIds(ref writer, IdsField, idontwant.MessageIds);
        }
    }

    private static ControlMessage ReadControl(ReadOnlySpan<byte> body, ControlMessage? previous, ref ControlBudget budget)
    {
        var reader = new ProtoReader(body, static m => new PubSubProtocolException(m));
        var ihave = new List<ControlIHave>(previous?.IHave ?? []);
        var iwant = new List<ControlIWant>(previous?.IWant ?? []);
        var graft = new List<ControlGraft>(previous?.Graft ?? []);
        var prune = new List<ControlPrune>(previous?.Prune ?? []);
        var idontwant = new List<ControlIDontWant>(previous?.IDontWant ?? []);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field is >= IHaveField and <= IDontWantField)
            {
                budget.TakeEntry();
                reader.Expect(wireType, ProtoReader.WireLengthDelimited, "control entry");
            }

            switch (field)
            {
                case IHaveField:
                    ihave.Add(ReadIHave(reader.ReadBytes(body.Length, "ihave"), ref budget));
                    break;
                case IWantField:
                    iwant.Add(new ControlIWant(ReadIds(reader.ReadBytes(body.Length, "iwant"), IdsField, ref budget)));
                    break;
                case GraftField:
                    graft.Add(new ControlGraft(ReadTopicOnly(reader.ReadBytes(body.Length, "graft"))));
                    break;
                case PruneField:
                    prune.Add(ReadPrune(reader.ReadBytes(body.Length, "prune")));
                    break;
                case IDontWantField:
                    idontwant.Add(new ControlIDontWant(ReadIds(reader.ReadBytes(body.Length, "idontwant"), IdsField, ref budget)));
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return new ControlMessage(ihave, iwant, graft, prune, idontwant);
    }

    private static ControlIHave ReadIHave(ReadOnlySpan<byte> body, ref ControlBudget budget)
    {
        var reader = new ProtoReader(body, static m => new PubSubProtocolException(m));
        string? topic = null;
        var ids = new List<MessageId>();
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case TopicIdField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "topicID");
                    topic = PubSubMessageCodec.ReadString(reader.ReadBytes(PubSubLimits.MaxTopicLength, "topicID"), "topicID");
                    break;
                case IHaveIdsField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "messageIDs");
                    budget.TakeId();
                    ids.Add(new MessageId(reader.ReadBytes(PubSubLimits.MaxMessageIdLength, "messageIDs").ToArray()));
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return new ControlIHave(topic ?? string.Empty, ids);
    }

    private static List<MessageId> ReadIds(ReadOnlySpan<byte> body, int idsField, ref ControlBudget budget)
    {
        var reader = new ProtoReader(body, static m => new PubSubProtocolException(m));
        var ids = new List<MessageId>();
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == idsField)
            {
                reader.Expect(wireType, ProtoReader.WireLengthDelimited, "messageIDs");
                budget.TakeId();
                ids.Add(new MessageId(reader.ReadBytes(PubSubLimits.MaxMessageIdLength, "messageIDs").ToArray()));
            }
            else
            {
                reader.SkipField(wireType);
            }
        }

        return ids;
    }

    private static string ReadTopicOnly(ReadOnlySpan<byte> body)
    {
        var reader = new ProtoReader(body, static m => new PubSubProtocolException(m));
        string? topic = null;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == TopicIdField)
            {
                reader.Expect(wireType, ProtoReader.WireLengthDelimited, "topicID");
                topic = PubSubMessageCodec.ReadString(reader.ReadBytes(PubSubLimits.MaxTopicLength, "topicID"), "topicID");
            }
            else
            {
                reader.SkipField(wireType);
            }
        }

        return topic ?? string.Empty;
    }

    private static ControlPrune ReadPrune(ReadOnlySpan<byte> body)
    {
        var reader = new ProtoReader(body, static m => new PubSubProtocolException(m));
        string? topic = null;
        ulong? backoff = null;
        var peers = new List<PeerExchangeInfo>();
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case TopicIdField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "topicID");
                    topic = PubSubMessageCodec.ReadString(reader.ReadBytes(PubSubLimits.MaxTopicLength, "topicID"), "topicID");
                    break;
                case PrunePeersField:
                    if (peers.Count >= PubSubLimits.MaxPeerExchangePerPrune)
                    {
                        throw new PubSubProtocolException($"A PRUNE carries more than {PubSubLimits.MaxPeerExchangePerPrune} peers.");
                    }

                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "peers");
                    peers.Add(ReadPeerInfo(reader.ReadBytes(body.Length, "peers")));
                    break;
                case PruneBackoffField:
                    reader.Expect(wireType, ProtoReader.WireVarint, "backoff");
                    backoff = reader.ReadVarint();
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return new ControlPrune(topic ?? string.Empty, peers, backoff);
    }

    private static PeerExchangeInfo ReadPeerInfo(ReadOnlySpan<byte> body)
    {
        var reader = new ProtoReader(body, static m => new PubSubProtocolException(m));
        byte[]? peerId = null, record = null;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case PeerIdField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "peerID");
                    peerId = reader.ReadBytes(PubSubLimits.MaxMessageFieldLength, "peerID").ToArray();
                    break;
                case PeerRecordField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "signedPeerRecord");
                    record = reader.ReadBytes(PubSubLimits.MaxSignedPeerRecordLength, "signedPeerRecord").ToArray();
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return new PeerExchangeInfo(peerId, record);
    }

    private static int TopicSize(string topic) => ProtoWriter.SizeOfBytesField(TopicIdField, PubSubMessageCodec.StrictUtf8.GetByteCount(topic));

    private static void WriteTopic(ref ProtoWriter writer, string topic) =>
        writer.WriteBytesField(TopicIdField, PubSubMessageCodec.StrictUtf8.GetBytes(topic));

    private static int GetIHaveSize(ControlIHave ihave) => TopicSize(ihave.Topic) + GetIdsSize(IHaveIdsField, ihave.MessageIds);

    private static int GetIdsSize(int field, IReadOnlyList<MessageId> ids)
    {
        var size = 0;
        foreach (var id in ids)
        {
            size += ProtoWriter.SizeOfBytesField(field, id.Length);
        }

        return size;
    }

    private static void WriteIds(ref ProtoWriter writer, int field, IReadOnlyList<MessageId> ids)
    {
        foreach (var id in ids)
        {
            writer.WriteBytesField(field, id.Span);
        }
    }

    private static int GetPruneSize(ControlPrune prune)
    {
        var size = TopicSize(prune.Topic);
        foreach (var peer in prune.Peers)
        {
            size += ProtoWriter.SizeOfBytesField(PrunePeersField, GetPeerInfoSize(peer));
        }

        return size + (prune.BackoffSeconds is { } backoff ? ProtoWriter.SizeOfVarintField(PruneBackoffField, backoff) : 0);
    }

    private static int GetPeerInfoSize(PeerExchangeInfo peer) =>
        (peer.PeerId is { } id ? ProtoWriter.SizeOfBytesField(PeerIdField, id.Length) : 0)
        + (peer.SignedPeerRecord is { } record ? ProtoWriter.SizeOfBytesField(PeerRecordField, record.Length) : 0);
}
