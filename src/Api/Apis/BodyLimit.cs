using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Synthesis.Api.Apis;

/// <summary>
/// The largest body an API endpoint reads: its own <see cref="IRequestSizeLimitMetadata"/> when it has one (uploads
/// lift it and check their own), else 1 MB. A declared length over the limit is refused before anything is read,
/// with a 413 problem; the server's limit is lowered to match, so an undeclared (chunked) body stops there too.
/// </summary>
static class BodyLimit
{
    public const long DefaultJson = 1024 * 1024;

    public static async Task Enforce(HttpContext http, Func<Task> next)
    {
        if (http.Request.Path.StartsWithSegments("/api") && http.GetEndpoint() is { } endpoint)
        {
            var metadata = endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
            var limit = metadata is null ? DefaultJson : metadata.MaxRequestBodySize;
            if (limit is { } bytes)
            {
                if (http.Request.ContentLength is { } length && length > bytes)
                {
                    await ApiProblems.TooLarge($"The request body is {length:N0} bytes; this endpoint takes at most {bytes:N0}.").ExecuteAsync(http);
                    return;
                }
                var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
                if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = bytes;
            }
        }
        await next();
    }
}
