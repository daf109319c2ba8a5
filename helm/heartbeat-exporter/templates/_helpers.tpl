{{/* Names and labels, in the style of the prometheus-community charts. */}}

{{- define "heartbeat-exporter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "heartbeat-exporter.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "heartbeat-exporter.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "heartbeat-exporter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "heartbeat-exporter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "heartbeat-exporter.labels" -}}
helm.sh/chart: {{ include "heartbeat-exporter.chart" . }}
{{ include "heartbeat-exporter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: heartbeat-exporter
{{- end }}

{{- define "heartbeat-exporter.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "heartbeat-exporter.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "heartbeat-exporter.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Secret names: the user's existing Secret, or the one this chart creates. */}}
{{- define "heartbeat-exporter.tokensSecretName" -}}
{{- default (printf "%s-tokens" (include "heartbeat-exporter.fullname" .)) .Values.tokens.existingSecret }}
{{- end }}

{{- define "heartbeat-exporter.adminTokenSecretName" -}}
{{- default (printf "%s-admin-token" (include "heartbeat-exporter.fullname" .)) .Values.adminToken.existingSecret }}
{{- end }}

{{- define "heartbeat-exporter.webConfigSecretName" -}}
{{- default (printf "%s-web-config" (include "heartbeat-exporter.fullname" .)) .Values.webConfig.existingSecret }}
{{- end }}

{{- define "heartbeat-exporter.webConfigEnabled" -}}
{{- if or .Values.webConfig.existingSecret .Values.webConfig.config }}true{{ end }}
{{- end }}

{{/* HTTP or HTTPS: explicit, or HTTPS when the inline web config turns TLS on. */}}
{{- define "heartbeat-exporter.scheme" -}}
{{- if .Values.webConfig.scheme }}
{{- .Values.webConfig.scheme }}
{{- else if and (not .Values.webConfig.existingSecret) (hasKey .Values.webConfig.config "tls_server_config") }}
{{- "HTTPS" }}
{{- else }}
{{- "HTTP" }}
{{- end }}
{{- end }}

{{/* Push applications (no `probe`) get a token from the tokens Secret. */}}
{{- define "heartbeat-exporter.pushApplications" -}}
{{- $names := list }}
{{- range .Values.applications }}
{{- if not (hasKey . "probe") }}
{{- $names = append $names .name }}
{{- end }}
{{- end }}
{{- toJson $names }}
{{- end }}

{{- define "heartbeat-exporter.claimName" -}}
{{- default (printf "%s-data" (include "heartbeat-exporter.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{/* Where the pod mounts things; the flags point here. */}}
{{- define "heartbeat-exporter.configFile" -}}/etc/heartbeat/config/config.yaml{{- end }}
{{- define "heartbeat-exporter.tokensDir" -}}/etc/heartbeat/tokens{{- end }}
{{- define "heartbeat-exporter.adminTokenFile" -}}/etc/heartbeat/admin/{{ .Values.adminToken.key }}{{- end }}
{{- define "heartbeat-exporter.webConfigFile" -}}/etc/heartbeat/web/web-config.yml{{- end }}

{{/* A liveness or readiness probe: httpGet on `path`, or tcpSocket (probes.type). */}}
{{- define "heartbeat-exporter.probe" -}}
{{- $values := .root.Values.probes }}
{{- if eq $values.type "tcpSocket" }}
tcpSocket:
  port: http
{{- else }}
httpGet:
  path: {{ .path }}
  port: http
  scheme: {{ .scheme }}
  {{- with $values.httpHeaders }}
  httpHeaders:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{ toYaml .timing }}
{{- end }}
