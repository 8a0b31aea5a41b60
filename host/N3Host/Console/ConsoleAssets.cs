using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;

namespace N3Host.OperatorConsole;

/// <summary>The console's files (<c>Console/wwwroot/</c>), embedded in the host's assembly with a manifest.</summary>
internal static class ConsoleAssets
{
    public const string RequestPath = "/console";

    private static readonly IFileProvider Files = new ManifestEmbeddedFileProvider(typeof(ConsoleAssets).Assembly, "Console/wwwroot");

    /// <summary>Serves the assets under <see cref="RequestPath"/>; the browser asks again each time (an upgraded node serves new files at once).</summary>
    public static StaticFileOptions StaticFiles() => new()
    {
        FileProvider = Files,
        RequestPath = RequestPath,

        // Only the embedded files exist here: the vendored LICENSE (no extension) and README.md are served as text.
        ServeUnknownFileTypes = true,
        DefaultContentType = "text/plain; charset=utf-8",
        OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
    };

    public static Stream OpenIndex()
    {
        var index = Files.GetFileInfo("index.html");
        return index.Exists ? index.CreateReadStream() : throw new InvalidOperationException("the console's index.html is not embedded in the host");
    }
}
