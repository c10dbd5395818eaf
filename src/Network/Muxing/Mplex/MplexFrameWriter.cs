using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// An mplex session's write side (<see cref="MuxerFrameWriter{TControl, TDataTarget}"/>): control
/// frames (new stream, close, reset) carry no payload except a new stream, which carries its id as
/// its name; data goes out as message frames of at most <see cref="MplexLimits.MaxDataFramePayload"/>.
/// </summary>
internal sealed class MplexFrameWriter : MuxerFrameWriter<(long Id, MplexFlag Flag), (long Id, MplexFlag Flag)>
{
    public MplexFrameWriter(PipeWriter output)
        : base(output, MplexLimits.MaxDataFramePayload)
    {
    }

    protected override void WriteControlFrame(PipeWriter output, (long Id, MplexFlag Flag) frame)
    {
        Span<byte> name = stackalloc byte[20];
        var nameLength = 0;
        if (frame.Flag == MplexFlag.NewStream && !frame.Id.TryFormat(name, out nameLength, provider: CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A stream id always fits in 20 digits.");
        }

        new MplexFrameHeader(frame.Id, frame.Flag, nameLength).Write(output);
        output.Write(name[..nameLength]);
    }

    protected override void WriteDataHeader(PipeWriter output, (long Id, MplexFlag Flag) target, int length) =>
        new MplexFrameHeader(target.Id, target.Flag, length).Write(output);
}
