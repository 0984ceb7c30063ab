// Shapes of the JSON the auth and tickets services answer with.

export interface CurrentUser {
  id: string;
  email: string;
  iat: number;
  exp: number;
}

export interface CurrentUserResponse {
  currentUser: CurrentUser | null;
}

export interface Ticket {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
}

export interface ApiError {
  message: string;
  field?: string;
}

export interface ApiErrorResponse {
  errors: ApiError[];
}
