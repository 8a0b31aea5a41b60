namespace N3Host;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("n3host: under construction");
        return args.Length == 0 ? 0 : 0;
    }
}
