using Microsoft.Extensions.Logging;

namespace N3Host.Tags;

internal static partial class TagBusLog
{
    [LoggerMessage(EventId = 200, EventName = "TagSubscriberOverflow", Level = LogLevel.Warning,
        Message = "Tag subscriber {Subscriber} (instance {Owner}) is full: {New} more values dropped, {Total} in all (queue capacity {Capacity}); it reads too slowly")]
    public static partial void Overflow(ILogger logger, string subscriber, string owner, long @new, long total, int capacity);

    [LoggerMessage(EventId = 201, EventName = "TagSubscribed", Level = LogLevel.Debug,
        Message = "Tag subscriber {Subscriber} (instance {Owner}) subscribed: {Patterns}, capacity {Capacity}, {Overflow}")]
    public static partial void Subscribed(ILogger logger, string subscriber, string owner, string patterns, int capacity, string overflow);
}
