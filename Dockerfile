# Multi-stage build of the efficientai executable with the local TTS it needs.
# (No Docker engine runs on this project's build machines; this file is exercised by users, not by CI.)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/EfficientAI.Telephony.Host/EfficientAI.Telephony.Host.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng postgresql && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY config ./config
COPY dialplans ./dialplans
ENV EFFICIENTAI_HOME=/app EFFICIENTAI_DATA=/var/lib/efficientai
RUN useradd --system --create-home efficientai && mkdir -p /var/lib/efficientai && chown efficientai /var/lib/efficientai
USER efficientai
ENTRYPOINT ["dotnet", "efficientai.dll"]
CMD ["demo"]
