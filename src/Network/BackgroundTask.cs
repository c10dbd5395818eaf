using Microsoft.Extensions.Logging;

namespace RustyNode.Network;

/// <summary>
/// The one way to fire and forget: the task's fault is observed and logged, never lost and never
/// an unobserved-task crash.
/// </summary>
public static class BackgroundTask
{
    /// <summary>Observes <paramref name="task"/> and logs its failure (cancellation is not a failure).</summary>
    public static void Forget(Task task, ILogger logger, string name)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(logger);
        if (task.IsCompletedSuccessfully)
        {
            return;
        }

        task.ContinueWith(
            static (t, state) =>
            {
                var (log, taskName) = ((ILogger, string))state!;
                if (t.Exception is { } ex && ex.InnerException is not OperationCanceledException)
                {
                    Log.BackgroundTaskFailed(log, taskName, ex.InnerException ?? ex);
                }
            },
            (logger, name),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
