namespace N3Host.Supervision;

/// <summary>Carries the exception a module's constructor threw (unwrapped from reflection's wrapper).</summary>
internal sealed class ModuleConstructorException : Exception
{
    public ModuleConstructorException()
    {
    }

    public ModuleConstructorException(string message)
        : base(message)
    {
    }

    public ModuleConstructorException(Exception innerException)
        : base(innerException?.Message, innerException)
    {
    }

    public ModuleConstructorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
