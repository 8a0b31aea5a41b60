using N3Host.Contracts;

namespace DropInPlugin;

/// <summary>A minimal module built outside the host: publishes <c>&lt;instance&gt;/hello</c> (a counter) every <c>periodMs</c>.</summary>
[N3Module("DropInPlugin", Description = "Test plugin dropped into an installed host")]
public sealed class DropInModule : IModule, IDisposable
{
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var period = TimeSpan.FromMilliseconds(int.TryParse(context.Settings["periodMs"], out var ms) ? ms : 200);
        var text = context.Settings["text"] ?? "hello";
        _stop = new CancellationTokenSource();
        var stop = _stop.Token;
        _loop = Task.Run(async () =>
        {
            var count = 0;
            while (!stop.IsCancellationRequested)
            {
                var now = context.Time.GetUtcNow();
                await context.Tags.PublishAsync(TagValue.FromNumber($"{context.InstanceName}/hello", ++count, now), stop);
                await context.Tags.PublishAsync(TagValue.FromText($"{context.InstanceName}/text", text, now), stop);
                try
                {
                    await Task.Delay(period, context.Time, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null || _loop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stop?.Dispose();
}
