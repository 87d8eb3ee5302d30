{{- define "tokenledger.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* A service's resource name: <fullname>-<service> */}}
{{- define "tokenledger.serviceName" -}}
{{- printf "%s-%s" (include "tokenledger.fullname" .root) .service -}}
{{- end -}}

{{- define "tokenledger.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "tokenledger.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/* Where another service of the release answers inside the cluster. */}}
{{- define "tokenledger.url" -}}
{{- $s := index .root.Values.services .service -}}
{{- printf "http://%s:%v" (include "tokenledger.serviceName" .) $s.port -}}
{{- end -}}

{{- define "tokenledger.image" -}}
{{- printf "%s/%s-service:%s" .root.Values.image.registry .service (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{- define "tokenledger.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ include "tokenledger.fullname" . }}{{- else -}}default{{- end -}}
{{- end -}}
