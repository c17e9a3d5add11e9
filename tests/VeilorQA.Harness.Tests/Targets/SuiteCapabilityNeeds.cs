using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using NUnit.Framework;
using VeilorQA.Fixtures.Targets;

namespace VeilorQA.Harness.Tests.Targets;

/// <summary>
/// Which capability interfaces each release suite asks its target for, read from the compiled suites: every
/// <c>Require&lt;T&gt;()</c> call in the fixture's methods and in the compiler-made types nested in it (async state machines,
/// lambdas). Read from the IL rather than listed by hand, so a suite that starts needing a capability changes the answer.
/// </summary>
internal static class SuiteCapabilityNeeds
{
    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static SuiteCapabilityNeeds()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (code.Size == 1)
            {
                OneByte[value] = code;
            }
            else
            {
                TwoByte[value & 0xff] = code;
            }
        }
    }

    /// <summary>Suite name → the capability interfaces anything in its fixture <c>Require</c>s, for every <c>[ReleaseSuite]</c> fixture of <paramref name="suites"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<Type>> Of(Assembly suites) =>
        Fixtures(suites).ToDictionary(
            p => p.Suite,
            p => (IReadOnlySet<Type>)WithNested(p.Fixture).SelectMany(DeclaredMethods).SelectMany(RequiredIn).ToHashSet(),
            StringComparer.Ordinal);

    /// <summary>Suite name → test method → the capabilities the test <c>Require</c>s, in the order it asks (the first one missing is
    /// the one its skip names).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<Type>>> PerTest(Assembly suites) =>
        Fixtures(suites).ToDictionary(
            p => p.Suite,
            p => (IReadOnlyDictionary<string, IReadOnlyList<Type>>)p.Fixture.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
                .Where(m => m.IsDefined(typeof(TestAttribute)))
                .ToDictionary(m => m.Name, m => (IReadOnlyList<Type>)BodyOf(m).SelectMany(RequiredIn).Distinct().ToList(), StringComparer.Ordinal),
            StringComparer.Ordinal);

    private static IEnumerable<(string Suite, Type Fixture)> Fixtures(Assembly suites) =>
        suites.GetTypes()
            .Select(t => (Fixture: t, Attribute: t.GetCustomAttribute<ReleaseSuiteAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => (p.Attribute!.SuiteName, p.Fixture));

    // A test's own IL, and its async state machine's (where an async test's body lives).
    private static IEnumerable<MethodInfo> BodyOf(MethodInfo test) =>
        test.GetCustomAttribute<AsyncStateMachineAttribute>() is { } machine
            ? DeclaredMethods(machine.StateMachineType).Prepend(test)
            : [test];

    private static IEnumerable<MethodInfo> DeclaredMethods(Type type) =>
        type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);

    private static IEnumerable<Type> RequiredIn(MethodInfo method) =>
        CalledMethods(method)
            .OfType<MethodInfo>()
            .Where(m => m is { Name: "Require", IsGenericMethod: true } && m.DeclaringType == typeof(TargetFixture))
            .Select(m => m.GetGenericArguments()[0]);

    private static IEnumerable<Type> WithNested(Type type) =>
        type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested).Prepend(type);

    private static IEnumerable<MethodBase> CalledMethods(MethodInfo method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xfe ? TwoByte[il[++at]] : OneByte[il[at]];
            at++;
            if (code.OperandType == OperandType.InlineMethod)
            {
                var token = BitConverter.ToInt32(il, at);
                yield return method.Module.ResolveMethod(token, typeArguments, methodArguments)!;
            }

            at += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
        }
    }
}
