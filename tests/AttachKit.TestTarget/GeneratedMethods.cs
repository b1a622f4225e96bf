using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace AttachKit.TestTarget;

/// <summary>Many JIT-compiled methods, as a big app has: what the CLR rundown of a thread dump enumerates.</summary>
internal static class GeneratedMethods
{
    private const int MethodsPerType = 1000;

    /// <summary>
    /// Runs a freshly compiled method after another, until the process exits: each sleeps for
    /// <paramref name="period"/>, so that the calling thread is nearly always inside code newer than any
    /// earlier method rundown.
    /// </summary>
    public static void RunNewCodeForever(TimeSpan period)
    {
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("AttachKit.Growing"), AssemblyBuilderAccess.Run)
            .DefineDynamicModule("AttachKit.Growing");
        var sleep = typeof(Thread).GetMethod(nameof(Thread.Sleep), [typeof(int)])!;
        for (var n = 0; ; n++)
        {
            var type = module.DefineType($"AttachKit.Growing.Step{n}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            var il = type.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static, typeof(void), Type.EmptyTypes).GetILGenerator();
            il.Emit(OpCodes.Ldc_I4, (int)period.TotalMilliseconds);
            il.Emit(OpCodes.Call, sleep);
            il.Emit(OpCodes.Ret);
            type.CreateType().GetMethod("Run")!.CreateDelegate<Action>()();
        }
    }

    /// <summary>Emits <paramref name="count"/> small methods and has the JIT compile each one.</summary>
    public static void Compile(int count)
    {
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("AttachKit.Generated"), AssemblyBuilderAccess.Run)
            .DefineDynamicModule("AttachKit.Generated");
        for (var first = 0; first < count; first += MethodsPerType)
        {
            var type = module.DefineType($"AttachKit.Generated.Methods{first / MethodsPerType}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            for (var i = first; i < Math.Min(count, first + MethodsPerType); i++)
            {
                var method = type.DefineMethod($"Compute{i}", MethodAttributes.Public | MethodAttributes.Static, typeof(int), [typeof(int)]);
                var il = method.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Mul);
                il.Emit(OpCodes.Ldc_I4, i ^ 0x5a5a);
                il.Emit(OpCodes.Xor);
                il.Emit(OpCodes.Ret);
            }

            foreach (var method in type.CreateType().GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }
    }
}
