using System.Collections.Generic;
using System.Linq;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>A successful Sprache result: the value and the input after it, and nothing else to allocate.</summary>
internal sealed class Success<T>(T value, IInput remainder) : IResult<T>
{
    public T Value { get; } = value;

    public bool WasSuccessful => true;

    public string Message => string.Empty;

    public IEnumerable<string> Expectations => [];

    public IInput Remainder { get; } = remainder;
}

/// <summary>A failed Sprache result: where it failed, the message and what was expected there.</summary>
internal sealed class Failure<T>(IInput remainder, string message, IEnumerable<string> expectations) : IResult<T>
{
    public T Value => throw new System.InvalidOperationException("A failed parse has no value: " + Message);

    public bool WasSuccessful => false;

    public string Message { get; } = message;

    public IEnumerable<string> Expectations { get; } = expectations;

    public IInput Remainder { get; } = remainder;

    /// <summary>The same failure as a result of another type, for a combinator that passes it on.</summary>
    public static IResult<T> From<TOther>(IResult<TOther> failure) => new Failure<T>(failure.Remainder, failure.Message, failure.Expectations);

    /// <summary>Sprache's message for a failure, with what was expected.</summary>
    public override string ToString() => $"Parsing failure: {Message}; expected {string.Join(" or ", Expectations.ToArray())}";
}

/// <summary>Sprache's <see cref="IOption{T}"/>, with one shared empty value per type.</summary>
internal sealed class Option<T> : IOption<T>
{
    private readonly T value;

    private Option(T value, bool defined)
    {
        this.value = value;
        IsDefined = defined;
    }

    /// <summary>The empty option.</summary>
    public static Option<T> None { get; } = new(default!, false);

    /// <summary>An option holding <paramref name="value"/>.</summary>
    public static Option<T> Some(T value) => new(value, true);

    public bool IsEmpty => !IsDefined;

    public bool IsDefined { get; }

    public T GetOrDefault() => value;

    public T Get() => IsDefined ? value : throw new System.InvalidOperationException("No value.");
}
