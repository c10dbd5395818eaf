namespace RustyNode.Protocols.Masternode.Tests.Testing;

/// <summary>
/// Waits for a condition on state that raises no event (router peer tables, counters), checking it
/// every 20 ms within a generous bound; the wait ends as soon as the condition holds.
/// </summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what)
    {
        using var bound = new CancellationTokenSource(MasternodeNode.Bound);
        while (!condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), bound.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out waiting for {what}");
            }
        }
    }
}
