namespace OppAssistant.Benchmarks; static class Program { static void Main() {} }
