using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RustyNode.Node.Tests.TxRelay;

/// <summary>
/// TCP payload bytes carried so far by the connections between daemons, as the kernel counts them
/// (<c>ss -tin</c>: bytes_received of each end). Everything the daemons send each other is in it:
/// multistream-select, Noise, the muxer, identify, ping and relay. For reports, not assertions:
/// null where <c>ss</c> is not installed.
/// </summary>
public static partial class WireBytes
{
    /// <summary>Bytes received by both ends of every established connection to one of <paramref name="listenPorts"/>.</summary>
    public static async Task<long?> MeasureAsync(IReadOnlyCollection<int> listenPorts)
    {
        var filter = string.Join(" or ", listenPorts.Select(p => $"sport = :{p} or dport = :{p}"));
        string output;
        try
        {
            var info = new ProcessStartInfo("ss", ["-tinH", "state", "established", $"( {filter} )"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info)!;
            output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                return null;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        return BytesReceived().Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The TCP port of a daemon's first listen address.</summary>
    public static int Port(string multiaddr)
    {
        var parts = multiaddr.Split('/');
        return int.Parse(parts[Array.IndexOf(parts, "tcp") + 1], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"bytes_received:(\d+)")]
    private static partial Regex BytesReceived();
}
