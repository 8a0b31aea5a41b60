namespace N3Host.Contracts;

/// <summary>
/// <see cref="ITagBus.PublishDurableAsync"/> could not confirm that values were stored: a durable subscriber
/// unsubscribed (stopped, faulted, or its node went standby) before confirming them. Do not acknowledge them to their sender.
/// Added in contracts 1.1.
/// </summary>
public sealed class TagDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TagDeliveryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TagDeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TagDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
