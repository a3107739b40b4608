using System.IO;

namespace HvDsl.Runtime.Services;

/// <summary>
/// A client sent a line longer than the service's <see cref="ServiceLimits.MaxLineLength"/>; the host
/// closes that connection and logs <c>line-too-long</c>, other clients are not affected.
/// </summary>
public sealed class LineTooLongException : IOException
{
    /// <summary>Creates the exception for a limit of <paramref name="maxLineLength"/> bytes.</summary>
    /// <param name="maxLineLength">The limit that was exceeded.</param>
    public LineTooLongException(int maxLineLength)
        : base($"line longer than {maxLineLength} bytes")
    {
        MaxLineLength = maxLineLength;
    }

    /// <summary>The limit that was exceeded, in bytes without the line end.</summary>
    public int MaxLineLength { get; }
}
