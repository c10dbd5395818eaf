using System.IO.Pipelines;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// A yamux session's write side (<see cref="MuxerFrameWriter{TControl, TDataTarget}"/>): control
/// frames (SYN, ACK, FIN, RST, window updates, pings, go-away) are bare headers; data goes out as
/// data frames of at most <see cref="YamuxLimits.MaxDataFramePayload"/>. Each ping answer taken
/// from the queue frees a slot of the session's pending-answer bound.
/// </summary>
internal sealed class YamuxFrameWriter : MuxerFrameWriter<YamuxHeader, uint>
{
    private readonly YamuxSession _session;

    public YamuxFrameWriter(YamuxSession session, PipeWriter output)
        : base(output, YamuxLimits.MaxDataFramePayload) => _session = session;

    protected override void OnControlFrameDequeued(YamuxHeader frame)
    {
        if (frame.Type == YamuxFrameType.Ping && frame.Flags == YamuxFlags.Ack)
        {
            _session.OnPingAnswerDequeued();
        }
    }

    protected override void WriteControlFrame(PipeWriter output, YamuxHeader frame) => frame.Write(output);

    protected override void WriteDataHeader(PipeWriter output, uint target, int length) =>
        new YamuxHeader(YamuxFrameType.Data, YamuxFlags.None, target, (uint)length).Write(output);
}
